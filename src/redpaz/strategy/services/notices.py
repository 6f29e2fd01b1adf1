"""Notices of the results framework: results to review or approve, returned results, and
indicators off track (to their responsible person)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from redpaz.accounts.models import User
from redpaz.notifications.services import notify
from redpaz.strategy.access import strategy_access
from redpaz.strategy.models import Indicator, Result, Strategy


def _in_installation_language(function: Callable[..., None]) -> Callable[..., None]:
    """Notices are stored and e-mailed in the installation's language, whoever triggers them."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            function(*args, **kwargs)

    return wrapper


def people_who_can(strategy: Strategy, permission: str) -> list[Any]:
    """Members of the owning organisation who review or approve its strategy's results."""
    candidates = User.objects.filter(
        is_active=True,
        memberships__is_active=True,
        memberships__organisation=strategy.organisation_id,
    ).distinct()
    return [u for u in candidates if getattr(strategy_access(u, strategy), permission)]


@_in_installation_language
def notify_submitted(result: Result) -> None:
    result.refresh_from_db()
    if result.status != Result.Status.SUBMITTED:
        return  # already reviewed (or returned) in the same transaction
    indicator = result.indicator
    reviewers = [
        u for u in people_who_can(indicator.strategy, "review") if u.pk != result.submitted_by_id
    ]
    notify(
        users=reviewers,
        kind="strategy.result_submitted",
        title=_("Result to review: %(code)s %(period)s")
        % {"code": indicator.code, "period": result.period},
        body=_("%(indicator)s — %(strategy)s")
        % {"indicator": indicator.name, "strategy": indicator.strategy.name},
        url=result.get_absolute_url(),
        key=f"strategy.result_submitted:{result.pk}:{result.submitted_at:%Y%m%d%H%M%S%f}",
    )


@_in_installation_language
def notify_reviewed(result: Result) -> None:
    result.refresh_from_db()
    if result.status != Result.Status.REVIEWED:
        return  # already approved (or returned) in the same transaction
    indicator = result.indicator
    approvers = [
        u for u in people_who_can(indicator.strategy, "approve") if u.pk != result.submitted_by_id
    ]
    notify(
        users=approvers,
        kind="strategy.result_reviewed",
        title=_("Result to approve: %(code)s %(period)s")
        % {"code": indicator.code, "period": result.period},
        body=_("%(indicator)s — %(strategy)s")
        % {"indicator": indicator.name, "strategy": indicator.strategy.name},
        url=result.get_absolute_url(),
        key=f"strategy.result_reviewed:{result.pk}:{result.reviewed_at:%Y%m%d%H%M%S%f}",
    )


@_in_installation_language
def notify_reviewed_many(indicator: Indicator, count: int, reviewer: Any) -> None:
    """One notice for a batch of figures of an indicator reviewed at once."""
    waiting = indicator.results.filter(status=Result.Status.REVIEWED).count()
    if not waiting:
        return
    approvers = people_who_can(indicator.strategy, "approve")
    notify(
        users=approvers,
        kind="strategy.result_reviewed",
        title=_("%(n)s results to approve: %(code)s") % {"n": waiting, "code": indicator.code},
        body=_("%(indicator)s — %(strategy)s")
        % {
            "indicator": indicator.name,
            "strategy": indicator.strategy.name,
        },
        url=reverse("strategy:indicator", args=[indicator.strategy_id, indicator.pk]),
    )


@_in_installation_language
def notify_returned(result: Result, reason: str) -> None:
    if result.submitted_by is None:
        users = [result.indicator.responsible] if result.indicator.responsible else []
    else:
        users = [result.submitted_by]
    notify(
        users=users,
        kind="strategy.result_returned",
        title=_("Result returned for correction: %(code)s %(period)s")
        % {"code": result.indicator.code, "period": result.period},
        body=reason,
        url=result.get_absolute_url(),
    )


@_in_installation_language
def notify_off_track(indicator: Indicator) -> None:
    """Tell the responsible person when the indicator's latest judged period is off track."""
    if indicator.responsible_id is None:
        return
    from redpaz.strategy.performance import Status
    from redpaz.strategy.selectors.iptt import indicator_track

    track = indicator_track(indicator)
    if track.status != Status.OFF_TRACK or track.status_period is None:
        return
    period = track.status_period
    cell = track.cell(period)
    notify(
        users=[indicator.responsible],
        kind="strategy.off_track",
        title=_("Off track: %(code)s %(name)s") % {"code": indicator.code, "name": indicator.name},
        body=_(
            "%(period)s: actual %(actual)s against a target of %(target)s%(percent)s "
            "(%(state)s). Strategy: %(strategy)s."
        )
        % {
            "period": period.key,
            "actual": _number(cell.actual),
            "target": _number(cell.target),
            "percent": (
                _(", %(p)s %% of the target met") % {"p": _number(cell.percent)}
                if cell.percent is not None
                else ""
            ),
            "state": _("approved") if cell.approved else _("not yet approved"),
            "strategy": indicator.strategy.name,
        },
        url=reverse("strategy:indicator", args=[indicator.strategy_id, indicator.pk]),
        key=f"strategy.off_track:{indicator.pk}:{period.key}",
    )


def _number(value: Any) -> str:
    from django.utils.formats import number_format

    if value is None:
        return "—"
    return number_format(round(value, 2), decimal_pos=2 if value % 1 else 0, force_grouping=True)
