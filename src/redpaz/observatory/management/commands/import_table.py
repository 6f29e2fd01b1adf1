from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from redpaz.observatory.management.commands._report import describe, refused_without_permission
from redpaz.observatory.management.commands.import_points import parse_date
from redpaz.observatory.services import table_import
from redpaz.web.management.base import RedPazCommand, acting_user


class Command(RedPazCommand):
    help = (
        "Import any CSV or XLSX of violence records with a mapping file (TOML) naming its "
        "columns; place names are matched to zones, uncertain ones go to the review queue."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="CSV (any delimiter or encoding, .gz too) or workbook")
        parser.add_argument("--mapping", required=True, help="mapping file (.toml)")
        parser.add_argument("--extracted", help="date the data was extracted (YYYY-MM-DD)")
        parser.add_argument("--user", help="record the import under this username")

    def handle(self, *args: Any, **options: Any) -> None:
        with self.progress() as progress, refused_without_permission():
            outcome = table_import(
                path=options["file"],
                mapping=options["mapping"],
                user=acting_user(options["user"]),
                progress=progress,
                extraction_date=parse_date(options["extracted"], "--extracted"),
            )
        describe(outcome, self.stdout.write, self.stderr.write)
