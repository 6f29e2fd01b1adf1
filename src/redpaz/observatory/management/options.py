"""What the analysis commands share: the selection options, clean errors, notes on stderr."""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Iterable
from typing import Any

from django.core.management.base import CommandError

from redpaz.analysis.errors import AnalysisError
from redpaz.observatory.datasets import Selection, selection_resolve
from redpaz.web.management.base import RedPazCommand


class AnalysisCommand(RedPazCommand):
    """A command whose bad input (AnalysisError) becomes a clear message and exit status 1."""

    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except AnalysisError as exc:
            raise CommandError(str(exc)) from None

    def notes(self, messages: Iterable[str]) -> None:
        for message in messages:
            self.stderr.write(f"note: {message}")


def add_selection_arguments(parser: ArgumentParser, *, levels: Iterable[str]) -> None:
    parser.add_argument("--level", required=True, choices=list(levels))
    parser.add_argument("--from", dest="first", type=int, required=True, metavar="YEAR")
    parser.add_argument("--to", dest="last", type=int, required=True, metavar="YEAR")
    parser.add_argument("--crime", default="homicidio", help="crime type (default homicidio)")
    parser.add_argument(
        "--source",
        help="data source (default: policia-siedco for municipalities; for zones and grids, "
        "the source whose records are placed there)",
    )
    parser.add_argument("--municipality", metavar="CODE", help="DIVIPOLA code, e.g. 05001")
    parser.add_argument("--department", metavar="CODE", help="only this department, e.g. 05")
    parser.add_argument(
        "--zone-level", help="zone level (comuna, barrio...); default: where records are placed"
    )
    parser.add_argument("--sex", choices=["male", "female"], help="victims of one sex")
    parser.add_argument(
        "--age-group", choices=["child", "adolescent", "adult"], help="0-12, 13-17 or 18+"
    )
    parser.add_argument("--age-min", type=int, help="lowest exact age (e.g. 14)")
    parser.add_argument("--age-max", type=int, help="highest exact age (e.g. 28)")


def selection_from_options(options: dict[str, Any]) -> Selection:
    return selection_resolve(
        level=options["level"],
        first_year=options["first"],
        last_year=options["last"],
        crime=options["crime"],
        source=options["source"],
        municipality_code=options["municipality"],
        department_code=options["department"],
        zone_level=options["zone_level"],
        sex=options["sex"],
        age_group=options["age_group"],
        age_min=options["age_min"],
        age_max=options["age_max"],
    )
