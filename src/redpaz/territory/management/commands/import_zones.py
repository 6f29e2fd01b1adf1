from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import CommandError

from redpaz.territory.services import boundaries_import
from redpaz.web.management.base import RedPazCommand, acting_user


class Command(RedPazCommand):
    help = (
        "Import boundaries (GeoJSON, shapefile, GeoPackage, any CRS) for departments, "
        "municipalities or the zones of a municipality."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="GeoJSON, shapefile (.shp with .prj) or GeoPackage")
        parser.add_argument(
            "--level",
            required=True,
            help="department, municipality, comuna, barrio, vereda, quadrant, "
            "priority_cluster or custom",
        )
        parser.add_argument("--name-field", help="attribute holding the name")
        parser.add_argument("--code-field", help="attribute holding the code")
        parser.add_argument("--parent", help="DIVIPOLA code of the municipality (zones only)")
        parser.add_argument(
            "--parent-field", help="attribute holding the code of each zone's parent zone"
        )
        parser.add_argument(
            "--parent-level", help="level of the parent zones (with --parent-field)"
        )
        parser.add_argument(
            "--alias-field",
            help="attribute holding alternative names (several separated by ';')",
        )
        parser.add_argument(
            "--valid-from", help="date (YYYY-MM-DD) from which this drawing is in force"
        )
        parser.add_argument("--set-name", help="name of this boundary set")
        parser.add_argument("--user", help="record the import under this username")

    def handle(self, *args: Any, **options: Any) -> None:
        valid_from = None
        if options["valid_from"]:
            try:
                valid_from = date.fromisoformat(options["valid_from"])
            except ValueError:
                raise CommandError(
                    f"--valid-from {options['valid_from']!r} is not a date (YYYY-MM-DD)"
                ) from None
        with self.progress() as progress:
            outcome = boundaries_import(
                path=options["file"],
                level=options["level"],
                user=acting_user(options["user"]),
                code_field=options["code_field"],
                name_field=options["name_field"],
                parent_code=options["parent"],
                parent_field=options["parent_field"],
                parent_level=options["parent_level"],
                alias_field=options["alias_field"],
                valid_from=valid_from,
                set_name=options["set_name"],
                progress=progress,
            )
        self.stdout.write(outcome.message)
        for warning in outcome.batch.warnings if outcome.created else []:
            self.stderr.write(f"warning: {warning}")
