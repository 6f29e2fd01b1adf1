from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from redpaz.observatory.management.commands._report import describe, refused_without_permission
from redpaz.observatory.services import policia_import
from redpaz.web.management.base import RedPazCommand, acting_user


class Command(RedPazCommand):
    help = (
        "Import Policía Nacional yearly releases (DIJIN, SIEDCO) of homicides or other crimes: "
        ".xls or .xlsx as published. A newer extraction of a year already imported replaces it."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("files", nargs="+", help="release files (.xls, .xlsx)")
        parser.add_argument(
            "--crime",
            help="crime type (e.g. lesiones-personales) when the title does not say it",
        )
        parser.add_argument("--user", help="record the import under this username")

    def handle(self, *args: Any, **options: Any) -> None:
        with self.progress() as progress, refused_without_permission():
            outcomes = policia_import(
                paths=options["files"],
                crime=options["crime"],
                user=acting_user(options["user"]),
                progress=progress,
            )
        for outcome in outcomes:
            describe(outcome, self.stdout.write, self.stderr.write)
