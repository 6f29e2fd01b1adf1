"""The profile of a municipality or zone: series, rate with interval, breakdowns, rank,
hotspot status and the change against the previous period, said in plain words."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from django.db.models import Sum
from django.db.models.functions import ExtractHour, ExtractWeekDay
from django.utils.translation import gettext as _

from redpaz.analysis.errors import AnalysisError
from redpaz.analysis.rates import pooled, rates
from redpaz.analysis.trends import compare_rates
from redpaz.atlas import national
from redpaz.atlas.cache import cached
from redpaz.atlas.maps import CLASS_LABELS, MapQuery, map_result, source_note
from redpaz.observatory.datasets import DEFAULT_SOURCE, Selection, selection_resolve
from redpaz.observatory.models import AgeGroup, Sex
from redpaz.observatory.rate_tables import rates_report
from redpaz.observatory.selectors import event_batches, event_counts, records
from redpaz.territory.models import Level, Territory

MONTH_WINDOW = 3  # years of monthly counts shown


@dataclass
class Profile:
    territory_id: int
    code: str
    name: str
    level: str
    municipality_code: str
    crime: str
    source: str
    first_year: int
    last_year: int
    yearly: list[dict[str, Any]] = field(default_factory=list)  # year, place, rate, ci, refs
    monthly: list[dict[str, Any]] = field(default_factory=list)  # year, month, count
    period: dict[str, Any] = field(default_factory=dict)  # count, population, rate, ci
    breakdowns: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    rank: dict[str, Any] = field(default_factory=dict)
    hotspot: str = ""
    change: dict[str, Any] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    source_note: str = ""
    batches: list[int] = field(default_factory=list)
    reference_names: list[str] = field(default_factory=list)


def profile_of(
    territory: Territory, *, crime: str, first_year: int, last_year: int, user: Any
) -> Profile:
    key = (territory.pk, crime, first_year, last_year)
    return cached(
        "profile", key, user, lambda: _build(territory, crime, first_year, last_year, user)
    )


def _selection(territory: Territory, crime: str, first: int, last: int) -> Selection:
    if territory.is_zone:
        base = selection_resolve(
            level="zone",
            first_year=first,
            last_year=last,
            crime=crime,
            municipality_code=territory.municipality_code,
            zone_level=territory.level,
        )
        return base
    return selection_resolve(
        level="municipality",
        first_year=first,
        last_year=last,
        crime=crime,
        municipality_code=territory.code,
    )


def _build(territory: Territory, crime: str, first: int, last: int, user: Any) -> Profile:
    selection = _selection(territory, crime, first, last)
    profile = Profile(
        territory_id=territory.pk,
        code=territory.code,
        name=territory.name,
        level=territory.level,
        municipality_code=territory.municipality_code or territory.code,
        crime=crime,
        source=selection.source,
        first_year=first,
        last_year=last,
    )
    length = last - first + 1
    if not territory.is_zone:
        return _municipal(profile, territory, selection, length, user)
    # One report over this period and the previous one of the same length serves the series,
    # the pooled rate and the comparison.
    both = _rates(replace(selection, first_year=first - length), territory, user)
    # Messages about the previous period only (its missing years or population) are not news.
    profile.messages = [
        m
        for m in both.messages
        if not any(m.startswith(str(y)) for y in range(first - length, first))
        and "rates left empty" not in m
    ]
    profile.batches = both.batches
    frame = both.frame
    now = frame[frame["year"] >= first]
    refs = _references(territory, selection, user)
    for record in now.to_dict("records"):
        year = int(record["year"])
        profile.yearly.append(
            {
                "year": year,
                "count": _int(record["count"]),
                "population": _int(record["population"]),
                "rate": _float(record["rate_per_100k"]),
                "ci_low": _float(record["ci_low"]),
                "ci_high": _float(record["ci_high"]),
                **{name: values.get(year) for name, values in refs.items()},
            }
        )
    profile.reference_names = list(refs)
    profile.period = _pooled(now)
    profile.change = _change(
        profile.period, _pooled(frame[frame["year"] < first]), first - length, first - 1
    )
    profile.monthly = _monthly(selection, territory, user)
    profile.breakdowns = _breakdowns(selection, territory)
    profile.rank, profile.hotspot = _rank_and_hotspot(territory, selection, user)
    profile.source_note = source_note(selection.source, profile.batches)
    return profile


def _municipal(
    profile: Profile, territory: Territory, selection: Selection, length: int, user: Any
) -> Profile:
    """A municipality's profile from the table of every municipality (see ``national``)."""
    first, last = selection.first_year, selection.last_year
    frame = national.municipal_years(replace(selection, first_year=first - length))
    own = national.territory_rows(frame, territory.code)
    department = Territory.objects.filter(
        level=Level.DEPARTMENT, code=territory.department_code, boundary_set=None
    ).first()
    refs: dict[str, dict[int, float | None]] = {}
    for name, rows in (
        (
            department.name if department else territory.department_code,
            frame[frame["department_code"] == territory.department_code],
        ),
        (_("Colombia"), frame),
    ):
        table = national.aggregate(rows)
        refs[name] = {int(r["year"]): _float(r["rate"]) for r in table.to_dict("records")}
    now = own[own["year"] >= first]
    for record in now.to_dict("records"):
        year = int(record["year"])
        profile.yearly.append(
            {
                "year": year,
                "count": _int(record["count"]),
                "population": _int(record["population"]),
                "rate": _float(record["rate"]),
                "ci_low": _float(record["ci_low"]),
                "ci_high": _float(record["ci_high"]),
                **{name: values.get(year) for name, values in refs.items()},
            }
        )
    profile.reference_names = list(refs)
    missing = [str(r["year"]) for r in profile.yearly if r["count"] is None]
    if missing:
        profile.messages.append(
            _("No imported data for %(years)s: reported as missing, not as zero.")
            % {"years": ", ".join(missing)}
        )
    profile.period = _pooled(now)
    profile.change = _change(
        profile.period, _pooled(own[own["year"] < first]), first - length, first - 1
    )
    profile.batches = event_batches(selection.event_filter(), municipality_code=territory.code)
    profile.monthly = _monthly(selection, territory, user)
    profile.breakdowns = _breakdowns(selection, territory)
    peers = frame[
        (frame["year"] >= first) & (frame["department_code"] == territory.department_code)
    ]
    ranked = (
        national.pooled_rates(peers).dropna(subset=["rate"]).sort_values("rate", ascending=False)
    )
    codes = ranked["code"].tolist()
    if territory.code in codes:
        profile.rank = {
            "position": codes.index(territory.code) + 1,
            "of": len(codes),
            "peers": _("municipalities of the department"),
        }
    try:
        hot = map_result(
            MapQuery(crime=selection.crime, first_year=first, last_year=last, measure="gi"), None
        )
    except AnalysisError:
        hot = None
    own_hot = next((r for r in hot.rows if r["code"] == territory.code), None) if hot else None
    if own_hot and own_hot["class"]:
        profile.hotspot = str(CLASS_LABELS.get(own_hot["class"], ""))
    profile.source_note = source_note(selection.source, profile.batches)
    return profile


def _int(value: Any) -> int | None:
    try:
        return None if value is None or value != value else int(value)
    except TypeError:
        return None


def _float(value: Any) -> float | None:
    try:
        return None if value is None or value != value else float(value)
    except TypeError:
        return None


def _rates(selection: Selection, territory: Territory, user: Any) -> Any:
    report = rates_report(selection, user=user)
    report.frame = report.frame[report.frame["territory_id"] == territory.pk]
    return report


def _references(
    territory: Territory, selection: Selection, user: Any
) -> dict[str, dict[int, float | None]]:
    """Rates of the places above a zone by year: its municipality (same source), and its
    department and Colombia as sums of municipalities (national releases: a city's own records
    say nothing about its department)."""
    refs: dict[str, dict[int, float | None]] = {}
    base = replace(
        selection,
        level="municipality",
        zone_level=None,
        municipality_code=territory.municipality_code,
    )
    try:
        frame = _reference_frame(base)
    except AnalysisError:
        frame = None
    if frame is not None and not frame.empty:
        refs[str(frame.iloc[0]["name"])] = {
            int(r["year"]): _float(r["rate_per_100k"]) for r in frame.to_dict("records")
        }
    try:
        national_frame = national.municipal_years(replace(selection, source=DEFAULT_SOURCE))
    except AnalysisError:
        return refs
    department = Territory.objects.filter(
        level=Level.DEPARTMENT, code=territory.department_code, boundary_set=None
    ).first()
    for name, rows in (
        (
            department.name if department else territory.department_code,
            national_frame[national_frame["department_code"] == territory.department_code],
        ),
        (_("Colombia"), national_frame),
    ):
        table = national.aggregate(rows)
        refs[name] = {int(r["year"]): _float(r["rate"]) for r in table.to_dict("records")}
    return refs


def _reference_frame(selection: Selection) -> Any:
    return cached("ref-rates", asdict(selection), None, lambda: rates_report(selection).frame)


def _place_records(selection: Selection, territory: Territory, first: int | None = None) -> Any:
    filters = selection.event_filter(first=first)
    qs = records(filters)
    if territory.is_zone:
        return qs.filter(zone=territory)
    return qs.filter(municipality=territory)


def _monthly(selection: Selection, territory: Territory, user: Any) -> list[dict[str, Any]]:
    first = max(selection.first_year, selection.last_year - MONTH_WINDOW + 1)
    counts = event_counts(
        replace(selection, first_year=first).event_filter(),
        level=territory.level,
        by="month",
        municipality_code=territory.municipality_code or territory.code,
        user=user,
    )
    counts = counts[counts["territory_id"] == territory.pk]
    found = {(int(y), int(m)): int(c) for y, m, c in counts[["year", "month", "count"]].values}
    return [
        {"year": y, "month": m, "count": found.get((y, m), 0)}
        for y in range(first, selection.last_year + 1)
        for m in range(1, 13)
    ]


def _breakdowns(selection: Selection, territory: Territory) -> dict[str, list[tuple[str, int]]]:
    qs = _place_records(selection, territory)
    out: dict[str, list[tuple[str, int]]] = {}
    weapons = qs.values_list("weapon").annotate(n=Sum("count")).order_by("-n")
    out["weapon"] = [(w or _("Not reported"), int(n)) for w, n in weapons if n][:10]
    sexes = dict(Sex.choices)
    out["sex"] = [
        (str(sexes.get(s, s)), int(n))
        for s, n in qs.values_list("sex").annotate(n=Sum("count")).order_by("-n")
        if n
    ]
    ages = dict(AgeGroup.choices)
    out["age_group"] = [
        (str(ages.get(a, a)), int(n))
        for a, n in qs.values_list("age_group").annotate(n=Sum("count")).order_by("age_group")
        if n
    ]
    days = dict(
        qs.annotate(d=ExtractWeekDay("date")).values_list("d").annotate(n=Sum("count")).order_by()
    )
    names = [
        _("Sunday"),
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
    ]
    # Monday first, as Colombian calendars print weeks.
    out["weekday"] = [(names[d - 1], int(days.get(d, 0) or 0)) for d in (2, 3, 4, 5, 6, 7, 1)]
    timed = qs.filter(occurred_at__isnull=False)
    hours = dict(
        timed.annotate(h=ExtractHour("occurred_at"))
        .values_list("h")
        .annotate(n=Sum("count"))
        .order_by()
    )
    if hours:
        out["hour"] = [(f"{h:02d}", int(hours.get(h, 0) or 0)) for h in range(24)]
    return out


def _rank_and_hotspot(
    territory: Territory, selection: Selection, user: Any
) -> tuple[dict[str, Any], str]:
    """Rank by pooled rate among peers (zones of the city, municipalities of the department),
    and the Gi* class among them."""
    if territory.is_zone:
        query = MapQuery(
            area=territory.municipality_code,
            zone_level=territory.level,
            crime=selection.crime,
            source=selection.source,
            first_year=selection.first_year,
            last_year=selection.last_year,
            measure="gi",
        )
        peers = _("zones of the municipality")
    else:
        query = MapQuery(
            area=territory.department_code,
            crime=selection.crime,
            source=selection.source,
            first_year=selection.first_year,
            last_year=selection.last_year,
            measure="gi",
        )
        peers = _("municipalities of the department")
    try:
        result = map_result(query, user)
    except AnalysisError:
        return {}, ""
    rated = sorted((r for r in result.rows if r["rate"] is not None), key=lambda r: -r["rate"])
    position = next((k for k, r in enumerate(rated, 1) if r["code"] == territory.code), None)
    rank = {"position": position, "of": len(rated), "peers": peers} if position else {}
    own = next((r for r in result.rows if r["code"] == territory.code), None)
    hotspot = str(CLASS_LABELS.get(own["class"], "")) if own and own["class"] else ""
    return rank, hotspot


def _pooled(frame: Any) -> dict[str, Any]:
    """Victims, person-years and rate with its exact interval over the years with data."""
    if frame.empty or frame["count"].notna().sum() == 0:
        return {}
    row = rates(pooled(frame, by=["territory_id"])).iloc[0]
    return {
        "count": _int(row["count"]),
        "population": _int(row["population"]),
        "rate": _float(row["rate"]),
        "ci_low": _float(row["ci_low"]),
        "ci_high": _float(row["ci_high"]),
    }


def _change(now: dict[str, Any], before: dict[str, Any], first: int, last: int) -> dict[str, Any]:
    """The period against the previous one of the same length, with an exact test."""
    if not now or not before or not now["population"] or not before["population"]:
        return {}
    if now["count"] is None or before["count"] is None:
        return {}
    try:
        test = compare_rates(now["count"], now["population"], before["count"], before["population"])
    except AnalysisError:
        return {}
    percent = (test.ratio - 1) * 100 if test.ratio != float("inf") else None
    rising = test.ratio > 1
    significant = test.p_value < 0.05
    p_value = {"p": f"{test.p_value:.3f}"}
    if test.ratio == 1:
        words = _("The rate did not change.")
    elif significant:
        words = (
            _("The rise is larger than chance explains (p = %(p)s).")
            if rising
            else _("The fall is larger than chance explains (p = %(p)s).")
        ) % p_value
    else:
        words = (
            _("The rise is within what chance explains (p = %(p)s).")
            if rising
            else _("The fall is within what chance explains (p = %(p)s).")
        ) % p_value
    return {
        "previous": f"{first}–{last}",
        "count_now": test.count_a,
        "count_before": test.count_b,
        "ratio": test.ratio,
        "ci_low": test.ci_low,
        "ci_high": test.ci_high,
        "p_value": test.p_value,
        "percent": percent,
        "significant": significant,
        "words": words,
    }
