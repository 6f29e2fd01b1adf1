"""Committee sessions on calendars: the governance source of ``redpaz.web.calendar`` and the
ICS (RFC 5545) rendering of any calendar's events.

Private calendars show the sessions of every committee the person may see, with their order of
the day; the public calendar shows public committees only, with date, place and committee, and
never an agenda (suggested items can name alerts and people).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from redpaz.governance.access import visible_filter
from redpaz.governance.models import AgendaItem, Committee, Session
from redpaz.web.calendar import CalendarEvent, CalendarQuery


def _committees(query: CalendarQuery) -> Q:
    condition = Q(is_public=True) if query.public else visible_filter(query.user)
    if query.strategy_id is not None:
        condition &= Q(strategy_id=query.strategy_id)
    if query.municipality_codes:
        condition &= Q(municipality__code__in=query.municipality_codes)
    return condition


def session_events(query: CalendarQuery) -> Iterable[CalendarEvent]:
    """Sessions in the query's dates of the committees the asker may see."""
    committees = Committee.objects.filter(_committees(query)).values("pk")
    sessions = list(
        Session.objects.filter(
            committee__in=committees,
            starts_at__date__gte=query.start,
            starts_at__date__lte=query.end,
        )
        .select_related("committee")
        .order_by("starts_at")
    )
    agendas: dict[int, list[str]] = {}
    if not query.public:
        for session_id, title in (
            AgendaItem.objects.filter(session__in=[s.pk for s in sessions], dismissed=False)
            .order_by("session_id", "order", "id")
            .values_list("session_id", "title")
        ):
            agendas.setdefault(session_id, []).append(title)
    for session in sessions:
        committee = session.committee
        kind = (
            _("extraordinary session")
            if session.kind == Session.Kind.EXTRAORDINARY
            else _("session")
        )
        lines = [f"{committee.name} · {kind}"]
        if session.moved_reason:
            lines.append(
                _("Moved from %(date)s (%(reason)s).")
                % {"date": session.planned_on, "reason": session.moved_reason}
            )
        if session.status == Session.Status.CANCELLED:
            lines.append(_("Cancelled: %(reason)s") % {"reason": session.cancel_reason})
        if agendas.get(session.pk):
            lines.append(_("Order of the day:"))
            lines.extend(f"{n}. {t}" for n, t in enumerate(agendas[session.pk], start=1))
        yield CalendarEvent(
            uid=f"governance.session:{session.pk}",
            kind="committee_session",
            title=(
                f"{committee.name} ({_('extraordinary')})"
                if session.kind == Session.Kind.EXTRAORDINARY
                else committee.name
            ),
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            url="" if query.public else session.get_absolute_url(),
            location=session.place,
            description="\n".join(lines),
            cancelled=session.status == Session.Status.CANCELLED,
            updated_at=session.updated_at,
            category=_("Committee session"),
        )


def _host() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "redpaz"


def ics_bytes(events: Iterable[CalendarEvent], *, name: str, description: str = "") -> bytes:
    """An iCalendar file (RFC 5545) of the events, times in UTC, stable UIDs."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//RedPaz//Committee calendar//ES")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    if description:
        calendar.add("x-wr-caldesc", description)
    # Calendar programs poll subscribed feeds; ask for every few hours.
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    now = timezone.now()
    host = _host()
    for item in events:
        event = Event()
        event.add("uid", f"{item.uid.replace(':', '-')}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", _utc(item.starts_at))
        event.add("dtend", _utc(item.ends_at))
        event.add("summary", item.title)
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", _absolute(item.url))
        if item.category:
            event.add("categories", [item.category])
        if item.updated_at is not None:
            event.add("last-modified", _utc(item.updated_at))
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url
