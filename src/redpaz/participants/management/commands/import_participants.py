from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from redpaz.observatory.management.commands._report import describe, refused_without_permission
from redpaz.participants.services.importing import participants_import, programme_by_code
from redpaz.web.management.base import RedPazCommand, acting_user


class Command(RedPazCommand):
    help = (
        "Import a programme's participant list (CSV or workbook, one row per person), enrol "
        "them, and report probable duplicates. Identity fields are encrypted as they are stored."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="CSV (any delimiter or encoding) or workbook")
        parser.add_argument(
            "--programme",
            required=True,
            help="programme code, e.g. 3.1 (or STRATEGY_ID:CODE when several strategies share it)",
        )
        parser.add_argument("--user", help="record the import under this username")
        parser.add_argument(
            "--no-duplicates",
            action="store_true",
            help="skip the search for probable duplicates (run it later from the review page)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        programme = programme_by_code(options["programme"])
        with self.progress() as progress, refused_without_permission():
            outcome = participants_import(
                path=options["file"],
                programme=programme,
                user=acting_user(options["user"]),
                progress=progress,
                detect_duplicates=not options["no_duplicates"],
            )
        describe(outcome, self.stdout.write, self.stderr.write)
        report = outcome.batch.report or {}
        if outcome.created:
            self.stdout.write(
                f"  new people: {report.get('new_people', 0):,}; found by document: "
                f"{report.get('matched_by_document', 0):,}; enrolled: {report.get('enrolled', 0):,}"
                f"; already enrolled: {report.get('already_enrolled', 0):,}"
            )
            if "probable_duplicates" in report:
                self.stdout.write(
                    f"  probable duplicates to review: {report['probable_duplicates']:,}"
                )
