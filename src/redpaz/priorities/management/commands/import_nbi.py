from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from redpaz.priorities.services import indicator_import
from redpaz.web.management.base import RedPazCommand, acting_user


class Command(RedPazCommand):
    help = (
        "Import DANE's unmet basic needs (NBI, % of people) by municipality: a table with a "
        "municipality code column and an NBI column (and a year column, or --year)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="XLSX, XLS or CSV")
        parser.add_argument("--year", type=int, help="year of the figures, if not in the file")
        parser.add_argument("--user", help="record the import under this username")

    def handle(self, *args: Any, **options: Any) -> None:
        with self.progress() as progress:
            outcome = indicator_import(
                path=options["file"],
                indicator="nbi",
                year=options["year"],
                user=acting_user(options["user"]),
                progress=progress,
            )
        self.stdout.write(outcome.message)
        for warning in outcome.batch.warnings if outcome.created else []:
            self.stderr.write(f"warning: {warning}")
