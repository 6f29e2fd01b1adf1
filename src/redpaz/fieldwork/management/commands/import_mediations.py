from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from redpaz.fieldwork.imports import mediations_import
from redpaz.ingest.mediations import read_mapping
from redpaz.observatory.management.commands._report import describe, refused_without_permission
from redpaz.web.management.base import RedPazCommand, acting_user


class Command(RedPazCommand):
    help = (
        "Import past mediation records of one municipality from a spreadsheet (XLSX/CSV with "
        "RedPaz's field names as headers) or a KoboToolbox/ODK export with a mapping file. "
        "All or nothing; the same file twice changes nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="XLSX, XLS or CSV")
        parser.add_argument(
            "--municipality", required=True, help="DIVIPOLA code, e.g. 76520 for Palmira"
        )
        parser.add_argument(
            "--mapping", help="TOML mapping of columns and values (see docs/mappings/)"
        )
        parser.add_argument(
            "--form", help="the XLSForm of a Kobo/ODK export, to read answers exported as labels"
        )
        parser.add_argument("--level", help="zone level of the zone column (default: any)")
        parser.add_argument("--user", help="record the import under this username")

    def handle(self, *args: Any, **options: Any) -> None:
        mapping = read_mapping(options["mapping"]) if options["mapping"] else None
        with refused_without_permission():
            outcome = mediations_import(
                path=options["file"],
                municipality_code=options["municipality"],
                mapping=mapping,
                xlsform=Path(options["form"]) if options["form"] else None,
                zone_level=options["level"],
                user=acting_user(options["user"]),
            )
        describe(outcome, self.stdout.write, self.stderr.write)
        for warning in outcome.batch.warnings if outcome.created else []:
            self.stderr.write(f"  {warning}")
