from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import CommandError

from redpaz.observatory.management.commands._report import describe, refused_without_permission
from redpaz.observatory.services import points_import
from redpaz.web.management.base import RedPazCommand, acting_user


def parse_date(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} {value!r} is not a date (YYYY-MM-DD)") from None


class Command(RedPazCommand):
    help = (
        "Import point records of one municipality (one row per victim or event, with time and "
        "coordinates) and place each point in the municipality's zones."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="CSV (any delimiter or encoding, .gz too) or workbook")
        parser.add_argument(
            "--municipality", required=True, help="DIVIPOLA code, e.g. 05001 for Medellín"
        )
        parser.add_argument("--crime", default="homicidio", help="crime type (default homicidio)")
        parser.add_argument(
            "--source",
            help="source identifier (default points-<CODE>), e.g. medellin-sisc; files of one "
            "source replace each other, different sources are never mixed",
        )
        parser.add_argument("--from", dest="start", help="first day the file covers (YYYY-MM-DD)")
        parser.add_argument("--to", dest="end", help="last day the file covers (YYYY-MM-DD)")
        parser.add_argument("--extracted", help="date the data was extracted (YYYY-MM-DD)")
        parser.add_argument(
            "--level", help="zone level to place the points in (default: comuna if loaded)"
        )
        parser.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="ROLE=HEADER",
            help="name a column, e.g. --column latitude=LAT (roles: datetime, longitude, "
            "latitude, sex, age, weapon, place_type, place_name, zone_name, count, time)",
        )
        parser.add_argument("--user", help="record the import under this username")

    def handle(self, *args: Any, **options: Any) -> None:
        columns = {}
        for item in options["column"]:
            role, sep, header = item.partition("=")
            if not sep or not role or not header:
                raise CommandError(f"--column {item!r} must look like ROLE=HEADER")
            columns[role.strip()] = header.strip()
        with self.progress() as progress, refused_without_permission():
            outcome = points_import(
                path=options["file"],
                municipality_code=options["municipality"],
                crime=options["crime"],
                source=options["source"],
                user=acting_user(options["user"]),
                progress=progress,
                start=parse_date(options["start"], "--from"),
                end=parse_date(options["end"], "--to"),
                extraction_date=parse_date(options["extracted"], "--extracted"),
                level=options["level"],
                columns=columns or None,
            )
        describe(outcome, self.stdout.write, self.stderr.write)
