"""`redpaz rates`: the documented columns, missing years, exact intervals, clear errors."""

from __future__ import annotations

import io
import json
from datetime import date

import numpy as np
import pandas as pd
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from scipy import stats

from redpaz.territory.models import Level, PopulationFigure, Territory
from tests.analysis.realdata import dane_population, policia_years
from tests.factories import municipality
from tests.observatory.events import batch, cover, load_medellin_points, load_policia, source

pytestmark = pytest.mark.django_db

COLUMNS = ["code", "name", "year", "count", "population", "rate_per_100k", "ci_low", "ci_high"]


def run(*args: str) -> tuple[pd.DataFrame, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("rates", *args, stdout=out, stderr=err)
    frame = pd.read_csv(io.StringIO(out.getvalue()), dtype={"code": str, "year": str})
    return frame, err.getvalue()


def _record(src, day: date, code: str, count: int, **kwargs) -> None:
    from redpaz.observatory.models import Crime, EventRecord

    EventRecord.objects.create(
        source=src,
        crime=Crime.objects.get(slug="homicidio"),
        batch=batch(),
        source_row=1,
        date=day,
        municipality=municipality(code),
        count=count,
        **kwargs,
    )


@pytest.mark.shared_data
def test_every_municipality_and_year_matches_an_independent_computation(shared_data) -> None:
    load_policia(shared_data)
    frame, err = run("--level", "municipality", "--from", "2011", "--to", "2023")
    assert frame.columns.tolist() == COLUMNS
    assert len(frame) == 1122 * 13
    assert "2020: no imported data" in err and "reported as missing, not as zero" in err

    counts = (
        pd.concat(
            [
                f.assign(year=year)
                for year, f in policia_years(shared_data / "policia_homicidios").items()
            ]
        )
        .groupby(["code", "year"])["count"]
        .sum()
    )
    population = dane_population(shared_data / "dane_poblacion").set_index(["code", "year"])
    expected = population["population"].loc[
        pd.MultiIndex.from_product([sorted(frame["code"].unique()), range(2011, 2024)])
    ]
    frame["year"] = frame["year"].astype(int)
    got = frame.set_index(["code", "year"])
    assert got["population"].to_dict() == expected.to_dict()

    missing = got.xs(2020, level="year")
    assert missing["count"].isna().all() and missing["rate_per_100k"].isna().all()
    covered = got.drop(index=2020, level="year")
    reference = counts.reindex(covered.index, fill_value=0)
    assert (covered["count"] == reference).all()  # zero events in a covered year are 0
    pop = expected.reindex(covered.index)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = (reference / pop * 100_000).where(pop > 0)
    np.testing.assert_allclose(covered["rate_per_100k"], rate.round(4), atol=1e-9)
    low = stats.chi2.ppf(0.025, 2 * reference) / 2 / pop * 100_000
    high = stats.chi2.ppf(0.975, 2 * reference + 2) / 2 / pop * 100_000
    np.testing.assert_allclose(covered["ci_low"], low.fillna(0).where(pop > 0).round(4), atol=1e-9)
    np.testing.assert_allclose(covered["ci_high"], high.where(pop > 0).round(4), atol=1e-9)
    assert got.loc[("05001", 2021), "rate_per_100k"] == pytest.approx(15.7708)
    assert round(got.loc[("76520", 2021), "rate_per_100k"], 2) == 43.40
    # Mapiripana has population 0 from 2020: no rate, and said so.
    assert got.loc[("94663", 2021)].isna()["rate_per_100k"]
    assert "population 0" in err and "94663" in err


def test_zero_events_are_zero_and_years_without_imports_are_missing() -> None:
    src = source("policia-siedco")
    colombia = Territory.objects.get(level=Level.COUNTRY)
    cover(src, colombia, date(2022, 1, 1), date(2022, 12, 31))
    _record(src, date(2022, 5, 1), "76520", 3)
    frame, err = run(
        "--level", "municipality", "--municipality", "05001", "--from", "2021", "--to", "2022"
    )
    rows = frame.set_index("year")
    assert pd.isna(rows.loc["2021", "count"]) and pd.isna(rows.loc["2021", "rate_per_100k"])
    assert rows.loc["2022", "count"] == 0 and rows.loc["2022", "rate_per_100k"] == 0
    assert rows.loc["2022", "ci_high"] > 0
    assert "2021: no imported data" in err


def test_json_and_table_formats_and_pooled_periods() -> None:
    src = source("policia-siedco")
    colombia = Territory.objects.get(level=Level.COUNTRY)
    for year in (2021, 2022):
        cover(src, colombia, date(year, 1, 1), date(year, 12, 31))
    _record(src, date(2021, 5, 1), "76520", 155)
    _record(src, date(2022, 5, 1), "76520", 120)
    out = io.StringIO()
    call_command(
        "rates", "--level", "municipality", "--municipality", "76520", "--from", "2021",
        "--to", "2023", "--pool", "--format", "json", stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    (row,) = json.loads(out.getvalue())
    assert list(row) == COLUMNS
    assert (row["year"], row["count"]) == ("2021-2023", 275)
    populations = PopulationFigure.objects.filter(
        territory__code="76520", territory__level=Level.MUNICIPALITY, year__in=[2021, 2022],
        sex="total", age_from=0, age_to=150,
    ).values_list("value", flat=True)  # fmt: skip
    assert row["population"] == sum(populations)  # person-years of the two covered years
    assert row["rate_per_100k"] == pytest.approx(275 / sum(populations) * 1e5, abs=1e-4)
    table = io.StringIO()
    call_command(
        "rates", "--level", "municipality", "--municipality", "76520", "--from", "2021",
        "--to", "2021", "--format", "table", stdout=table, stderr=io.StringIO(),
    )  # fmt: skip
    assert "Palmira" in table.getvalue() and "43.3957" in table.getvalue()


def test_sex_and_age_specific_rates_use_the_matching_population() -> None:
    src = source("policia-siedco")
    colombia = Territory.objects.get(level=Level.COUNTRY)
    cover(src, colombia, date(2021, 1, 1), date(2021, 12, 31))
    _record(src, date(2021, 5, 1), "76520", 10, sex="female", age_group="adult")
    _record(src, date(2021, 5, 1), "05001", 7, sex="female", age_group="adolescent")
    _record(src, date(2021, 5, 1), "05001", 50, sex="male", age_group="adult")
    frame, _err = run("--level", "country", "--from", "2021", "--to", "2021", "--sex", "female")
    women = PopulationFigure.objects.get(
        territory__level=Level.COUNTRY, year=2021, sex="female", age_from=0, age_to=150
    ).value
    assert frame.loc[0, "count"] == 17 and frame.loc[0, "population"] == women
    adolescents = sum(
        PopulationFigure.objects.filter(
            territory__level=Level.COUNTRY, year=2021, sex="female", age_from__gte=13,
            age_to__lte=17,
        ).values_list("value", flat=True)
    )  # fmt: skip
    frame, _err = run(
        "--level", "country", "--from", "2021", "--to", "2021", "--sex", "female",
        "--age-group", "adolescent",
    )  # fmt: skip
    assert (frame.loc[0, "count"], frame.loc[0, "population"]) == (7, adolescents)
    # Municipalities have no population by sex: counted, but no rate, and said so.
    frame, err = run(
        "--level", "municipality", "--municipality", "05001", "--from", "2021", "--to", "2021",
        "--sex", "female",
    )  # fmt: skip
    assert frame.loc[0, "count"] == 7 and pd.isna(frame.loc[0, "rate_per_100k"])
    assert "no population of that sex and age" in err


def test_age_standardised_rate_of_the_country() -> None:
    src = source("policia-siedco")
    colombia = Territory.objects.get(level=Level.COUNTRY)
    cover(src, colombia, date(2021, 1, 1), date(2021, 12, 31))
    _record(src, date(2021, 5, 1), "05001", 90, age_group="adult")
    _record(src, date(2021, 5, 1), "05001", 8, age_group="adolescent")
    _record(src, date(2021, 5, 1), "05001", 2, age_group="child")
    _record(src, date(2021, 5, 1), "05001", 3)  # no age group: left out, and said so
    frame, err = run("--level", "country", "--from", "2021", "--to", "2021", "--standardize")

    def national(year: int, low: int, high: int) -> int:
        return sum(
            PopulationFigure.objects.filter(
                territory__level=Level.COUNTRY, year=year, sex="total", age_from__gte=low,
                age_to__lte=high,
            ).exclude(age_from=0, age_to=150).values_list("value", flat=True)
        )  # fmt: skip

    groups = [(0, 12, 2), (13, 17, 8), (18, 150, 90)]
    standard = np.array([national(2018, lo, hi) for lo, hi, _ in groups], dtype=float)
    own = np.array([national(2021, lo, hi) for lo, hi, _ in groups], dtype=float)
    deaths = np.array([d for *_r, d in groups], dtype=float)
    expected = (deaths / own * standard / standard.sum()).sum() * 1e5
    assert frame.loc[0, "rate_per_100k"] == pytest.approx(expected, abs=1e-4)
    assert "3 victims without an age group" in err
    # Municipalities have no population by age: no standardised rate, and said so.
    frame, err = run(
        "--level", "municipality", "--municipality", "05001", "--from", "2021", "--to", "2021",
        "--standardize",
    )  # fmt: skip
    assert pd.isna(frame.loc[0, "rate_per_100k"]) and "no population by age" in err


@pytest.mark.shared_data
def test_zone_rates_of_medellin_from_the_points(shared_data) -> None:
    load_medellin_points(shared_data)
    frame, err = run(
        "--level", "zone", "--municipality", "05001", "--from", "2019", "--to", "2023",
        "--smooth", "global",
    )  # fmt: skip
    assert frame.columns.tolist() == [*COLUMNS, "smoothed_rate_per_100k"]
    assert sorted(frame["code"].unique()) == sorted(
        Territory.objects.filter(level=Level.COMUNA).values_list("code", flat=True)
    )
    # The SISC file stops on 2023-11-30: 2023 is missing, not a low year.
    assert frame[frame["year"] == "2023"]["count"].isna().all()
    assert "2023: only part of the year covered" in err
    popular = frame[(frame["code"] == "01") & (frame["year"] == "2021")].iloc[0]
    assert popular["rate_per_100k"] == pytest.approx(
        popular["count"] / popular["population"] * 1e5, abs=1e-4
    )
    assert popular["smoothed_rate_per_100k"] > 0


def test_it_refuses_bad_input_with_clear_messages() -> None:
    cases = [
        (["--level", "municipality", "--from", "2023", "--to", "2021"], "--from after --to"),
        (["--level", "zone", "--from", "2021", "--to", "2021"], "needs a municipality"),
        (["--level", "municipality", "--municipality", "99999", "--from", "2021", "--to", "2021"],
         "no municipality with DIVIPOLA code '99999'"),
        (["--level", "municipality", "--crime", "robo", "--from", "2021", "--to", "2021"],
         "unknown crime 'robo'"),
        (["--level", "municipality", "--from", "2021", "--to", "2021"], "no data source"),
        (["--level", "zone", "--municipality", "76520", "--from", "2021", "--to", "2021"],
         "are placed in zones"),
    ]  # fmt: skip
    for args, message in cases:
        with pytest.raises(CommandError, match=message):
            run(*args)
    source("policia-siedco")
    with pytest.raises(CommandError, match=r"no imported data .* nothing to compute"):
        run("--level", "municipality", "--from", "2021", "--to", "2021")
