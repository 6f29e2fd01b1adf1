"""The charts of a profile and a situation report (Vega-Lite rendered to SVG on the server),
each with its table alternative and an accessible title."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from redpaz.atlas.profiles import Profile
from redpaz.web.charts import Chart, line_chart, render

BREAKDOWN_TITLES = {
    "weapon": gettext_lazy("Victims by weapon or means"),
    "sex": gettext_lazy("Victims by sex"),
    "age_group": gettext_lazy("Victims by age group"),
    "weekday": gettext_lazy("Victims by day of the week"),
    "hour": gettext_lazy("Victims by hour of the day"),
}


def bar_chart(
    data: list[dict[str, Any]], *, x: str, y: str, x_title: str, y_title: str, sort: bool
) -> dict[str, Any]:
    return {
        "width": 420,
        "height": max(120, 22 * len(data)) if sort else 200,
        "data": {"values": data},
        "mark": {"type": "bar", "color": "#0f5c6e"},
        "encoding": (
            {
                "y": {"field": x, "type": "nominal", "title": x_title, "sort": "-x"},
                "x": {"field": y, "type": "quantitative", "title": y_title},
            }
            if sort
            else {
                "x": {
                    "field": x,
                    "type": "ordinal",
                    "title": x_title,
                    "sort": None,
                    "axis": {"labelAngle": 0},
                },
                "y": {"field": y, "type": "quantitative", "title": y_title},
            }
        ),
    }


def yearly_chart(profile: Profile) -> Chart | None:
    points = []
    for row in profile.yearly:
        if row["rate"] is not None:
            points.append(
                {"year": row["year"], "rate": round(row["rate"], 2), "place": profile.name}
            )
        for name in profile.reference_names:
            if row.get(name) is not None:
                points.append({"year": row["year"], "rate": round(row[name], 2), "place": name})
    if not points:
        return None
    spec = line_chart(
        points,
        x="year",
        y="rate",
        x_title=_("Year"),
        y_title=_("Rate per 100,000"),
        color="place",
        color_title=_("Place"),
        x_type="quantitative",
        width=520,
        height=220,
    )
    spec["encoding"]["y"]["axis"] = {"format": ",.0f"}
    title = _("Homicide rate of %(name)s by year, with references") % {"name": profile.name}
    if profile.crime != "homicidio":
        title = _("Rate of %(name)s by year, with references") % {"name": profile.name}
    columns = [_("Year"), profile.name, *profile.reference_names]
    rows = [
        [row["year"], _fmt(row["rate"]), *[_fmt(row.get(n)) for n in profile.reference_names]]
        for row in profile.yearly
    ]
    return render(
        spec,
        title=title,
        description=_("Victims per 100,000 inhabitants each year, against %(refs)s.")
        % {"refs": ", ".join(profile.reference_names)},
        columns=columns,
        rows=rows,
        source=profile.source_note,
    )


def monthly_chart(profile: Profile) -> Chart | None:
    if not profile.monthly:
        return None
    data = [
        {"month": f"{r['year']}-{r['month']:02d}", "victims": r["count"]} for r in profile.monthly
    ]
    spec = line_chart(
        data,
        x="month",
        y="victims",
        x_title=_("Month"),
        y_title=_("Victims"),
        width=520,
        height=200,
    )
    spec["encoding"]["x"]["axis"] = {"labelAngle": -90, "labelOverlap": True}
    return render(
        spec,
        title=_("Victims by month in %(name)s") % {"name": profile.name},
        description=_("Monthly victims over the last years of the period."),
        columns=[_("Month"), _("Victims")],
        rows=[[d["month"], d["victims"]] for d in data],
        source=profile.source_note,
    )


def breakdown_charts(profile: Profile) -> list[Chart]:
    charts = []
    for key, items in profile.breakdowns.items():
        if not items or not any(n for _label, n in items):
            continue
        data = [{"label": label, "victims": n} for label, n in items]
        title = str(BREAKDOWN_TITLES[key])
        spec = bar_chart(
            data,
            x="label",
            y="victims",
            x_title="",
            y_title=_("Victims"),
            sort=key in ("weapon", "sex", "age_group"),
        )
        charts.append(
            render(
                spec,
                title=f"{title} · {profile.name} {profile.first_year}–{profile.last_year}",
                description=_("Largest: %(label)s (%(n)s).")
                % {
                    "label": max(items, key=lambda i: i[1])[0],
                    "n": f"{max(n for _l, n in items):,}",
                },
                columns=[title, _("Victims")],
                rows=[[label, n] for label, n in items],
                source=profile.source_note,
            )
        )
    return charts


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:,.1f}"


def all_charts(profile: Profile) -> dict[str, Any]:
    return {
        "yearly_chart": yearly_chart(profile),
        "monthly_chart": monthly_chart(profile),
        "breakdown_charts": breakdown_charts(profile),
    }
