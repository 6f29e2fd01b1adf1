from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from redpaz.territory.services import population_import
from redpaz.web.management.base import RedPazCommand, acting_user


class Command(RedPazCommand):
    help = (
        "Import population: DANE municipal projections (long or wide by year), DANE national "
        "projections by sex and age, or a zone table (with --municipality and --level)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="XLSX, XLS, CSV or GeoJSON population table")
        parser.add_argument("--municipality", help="DIVIPOLA code, for a table of zones")
        parser.add_argument("--level", help="zone level of a zone table (comuna, barrio, ...)")
        parser.add_argument("--series", help="name of the population series (source)")
        parser.add_argument("--publisher", help="who published the figures")
        parser.add_argument("--base-year", type=int, help="census base year of the projections")
        parser.add_argument("--user", help="record the import under this username")

    def handle(self, *args: Any, **options: Any) -> None:
        with self.progress() as progress:
            outcome = population_import(
                path=options["file"],
                user=acting_user(options["user"]),
                municipality_code=options["municipality"],
                level=options["level"],
                series_name=options["series"],
                publisher=options["publisher"],
                base_year=options["base_year"],
                progress=progress,
            )
        self.stdout.write(outcome.message)
        for warning in outcome.batch.warnings if outcome.created else []:
            self.stderr.write(f"warning: {warning}")
