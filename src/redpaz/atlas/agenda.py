"""Agenda suggestion for committees: the latest situation report of their municipality."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _

from redpaz.observatory.datasets import DEFAULT_SOURCE
from redpaz.observatory.selectors import covered_years
from redpaz.territory.models import Level, Territory
from redpaz.web.agenda import AgendaContext, AgendaSuggestion

YEARS = 6


def situation_reports(context: AgendaContext) -> Iterator[AgendaSuggestion]:
    """One suggestion per municipality the committee covers: the report of the last six years
    with data (a link: the report is computed when opened, so the agenda stays fast)."""
    years = covered_years(source=DEFAULT_SOURCE, crime="homicidio")
    if not years:
        return
    last = years[-1]
    if context.end is not None:
        last = min(last, context.end.year)
    first = last - YEARS + 1
    names = dict(
        Territory.objects.filter(
            level=Level.MUNICIPALITY, boundary_set=None, code__in=context.municipality_codes
        ).values_list("code", "name")
    )
    for code in sorted(names):
        yield AgendaSuggestion(
            key=f"atlas.situation_report:{code}:{first}-{last}",
            kind="situation_report",
            title=_("Situation report of %(place)s, homicides %(a)s–%(b)s")
            % {"place": names[code], "a": first, "b": last},
            detail=_("Rates, trends, breakdowns and hotspots from the observatory."),
            url=reverse("atlas:report", args=[code]) + f"?from={first}&to={last}",
            priority=10,
        )
