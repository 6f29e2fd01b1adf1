"""What the strategy proposes for the agenda of a committee that serves it: its indicators that
are off track in their latest judged period."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from redpaz.web.agenda import AgendaContext, AgendaSuggestion, register_provider


def off_track_indicators(context: AgendaContext) -> Iterable[AgendaSuggestion]:
    if context.strategy_id is None:
        return
    from redpaz.strategy.models import Strategy
    from redpaz.strategy.performance import Status
    from redpaz.strategy.selectors.iptt import iptt_build

    strategy = Strategy.objects.filter(pk=context.strategy_id).first()
    if strategy is None:
        return
    for row in iptt_build(strategy, approved_only=False).rows:
        track = row.track
        if track.status != Status.OFF_TRACK or track.status_period is None:
            continue
        indicator = row.indicator
        cell = track.cell(track.status_period)
        yield AgendaSuggestion(
            key=f"strategy.off_track:{indicator.pk}:{track.status_period.key}",
            kind="off_track_indicator",
            title=_("Off-track indicator: %(code)s %(name)s")
            % {"code": indicator.code, "name": indicator.name},
            detail=_("%(period)s: actual %(actual)s against a target of %(target)s.")
            % {
                "period": track.status_period.key,
                "actual": _number(cell.actual),
                "target": _number(cell.target),
            },
            url=indicator.get_absolute_url(),
            priority=6,
        )


def _number(value: object) -> str:
    from redpaz.strategy.services.notices import _number as number

    return number(value)


def register() -> None:
    register_provider("strategy.off_track_indicators", off_track_indicators)
