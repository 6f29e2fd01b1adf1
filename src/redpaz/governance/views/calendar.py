"""The calendar: a month view in the app and ICS feeds for calendar programs.

A person's private feed has a secret address (no login: calendar programs cannot log in) and
shows what that person may see when the calendar asks, not when the address was made. The
public feed shows public committees only.
"""

from __future__ import annotations

import calendar as pycalendar
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from redpaz.governance import recurrence, selectors
from redpaz.governance.calendar import ics_bytes
from redpaz.governance.models import Committee
from redpaz.governance.services.feeds import (
    feed_token,
    subscription_for_token,
    subscription_get_or_create,
    subscription_renew,
)
from redpaz.strategy.models import Strategy
from redpaz.web.calendar import CalendarEvent, CalendarQuery, events

# Feeds cover a year back and two ahead: enough for any calendar program, bounded for the server.
FEED_PAST = timedelta(days=366)
FEED_FUTURE = timedelta(days=2 * 366)


def _month(value: str | None, default: date) -> date:
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return default.replace(day=1)


def _strategy_id(request: HttpRequest) -> int | None:
    value = request.GET.get("strategy", "")
    return int(value) if value.isdigit() else None


@login_required
@require_GET
def month(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    first = _month(request.GET.get("month"), today)
    strategy_id = _strategy_id(request)
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    found = events(
        CalendarQuery(
            user=request.user, start=weeks[0][0], end=weeks[-1][-1], strategy_id=strategy_id
        )
    )
    by_day: dict[date, list[CalendarEvent]] = {}
    for event in found:
        by_day.setdefault(timezone.localdate(event.starts_at), []).append(event)
    holidays = recurrence.colombian_holidays(
        {weeks[0][0].year, weeks[-1][-1].year}, request.LANGUAGE_CODE
    )
    grid = [
        [
            {
                "day": day,
                "in_month": day.month == first.month,
                "today": day == today,
                "holiday": holidays.get(day, ""),
                "events": by_day.get(day, []),
            }
            for day in week
        ]
        for week in weeks
    ]
    sessions = selectors.sessions_visible(request.user)
    if strategy_id is not None:
        sessions = sessions.filter(committee__strategy_id=strategy_id)
    upcoming = sessions.filter(starts_at__date__gte=today).order_by("starts_at").first()
    latest = sessions.filter(starts_at__date__lt=today).order_by("-starts_at").first()
    committees = selectors.committees_visible(request.user)
    return render(
        request,
        "governance/calendar.html",
        {
            "grid": grid,
            "first": first,
            "previous": (first - timedelta(days=1)).replace(day=1),
            "next": (first + timedelta(days=32)).replace(day=1),
            "weekdays": [str(label) for _value, label in Committee.Weekday.choices],
            "listed": [e for e in found if timezone.localdate(e.starts_at).month == first.month],
            "strategies": Strategy.objects.filter(
                pk__in=committees.exclude(strategy=None).values("strategy")
            ).order_by("name"),
            "strategy_id": strategy_id,
            "upcoming": upcoming,
            "latest": latest,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        subscription_renew(user=request.user)
        messages.success(request, _("New address made: the old one no longer works."))
        return redirect("governance:subscribe")
    subscription = subscription_get_or_create(user=request.user)
    private_url = request.build_absolute_uri(
        reverse("governance:feed", args=[feed_token(subscription)])
    )
    committees = selectors.committees_visible(request.user)
    strategies = Strategy.objects.filter(
        pk__in=committees.exclude(strategy=None).values("strategy")
    ).order_by("name")
    public = Strategy.objects.filter(
        pk__in=Committee.objects.filter(is_public=True).exclude(strategy=None).values("strategy")
    ).order_by("name")
    public_url = request.build_absolute_uri(reverse("governance:public-feed"))
    return render(
        request,
        "governance/subscribe.html",
        {
            "subscription": subscription,
            "private_url": private_url,
            "webcal_url": "webcal://" + private_url.split("://", 1)[-1],
            "strategies": strategies,
            "public_strategies": public,
            "public_url": public_url,
        },
    )


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # A secret address must not be kept by shared caches.
    response["Cache-Control"] = "private, max-age=900"
    return response


def _span() -> tuple[date, date]:
    today = timezone.localdate()
    return today - FEED_PAST, today + FEED_FUTURE


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's private feed: every session they may see (of one strategy, if asked)."""
    subscription = subscription_for_token(token)
    if subscription is None:
        raise Http404("No such calendar")
    now = timezone.now()
    if subscription.last_used_at is None or now - subscription.last_used_at > timedelta(hours=1):
        subscription.last_used_at = now
        subscription.save(update_fields=["last_used_at"])
    start, end = _span()
    strategy_id = _strategy_id(request)
    body = ics_bytes(
        events(
            CalendarQuery(user=subscription.user, start=start, end=end, strategy_id=strategy_id)
        ),
        name=_("RedPaz committees · %(name)s")
        % {"name": subscription.user.get_full_name() or subscription.user.username},
    )
    return _ics_response(body, "redpaz-comites.ics")


@require_GET
def public_feed(request: HttpRequest) -> HttpResponse:
    """Sessions of public committees (of a strategy or a municipality, if asked)."""
    start, end = _span()
    strategy_id = _strategy_id(request)
    municipality = request.GET.get("municipality", "")
    codes = frozenset({municipality}) if municipality.isdigit() else frozenset()
    name = _("RedPaz public committees")
    if strategy_id is not None:
        strategy = Strategy.objects.filter(pk=strategy_id).first()
        if strategy is None:
            raise Http404("No such strategy")
        name = f"{name} · {strategy.name}"
    body = ics_bytes(
        events(
            CalendarQuery(
                user=None, start=start, end=end, strategy_id=strategy_id, municipality_codes=codes
            )
        ),
        name=name,
        description=_("Sessions of the public committees: date, place and committee."),
    )
    return _ics_response(body, "redpaz-comites-publicos.ics")
