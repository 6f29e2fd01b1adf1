from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from redpaz.analysis.errors import AnalysisError
from redpaz.observatory.management.options import (
    AnalysisCommand,
    add_selection_arguments,
    selection_from_options,
)
from redpaz.observatory.output import write_table
from redpaz.observatory.rate_tables import RATE_DECIMALS, rates_report, standardised_report


class Command(AnalysisCommand):
    help = (
        "Rates per 100,000 with exact Poisson (Garwood) 95% intervals, by territory and year. "
        "Columns: code,name,year,count,population,rate_per_100k,ci_low,ci_high. A year without "
        "imported data is missing (empty), never zero; rates are empty where the population is "
        "unknown or zero. Notes go to stderr."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_selection_arguments(parser, levels=["municipality", "zone", "department", "country"])
        parser.add_argument(
            "--pool", action="store_true", help="one row per territory for the whole period"
        )
        parser.add_argument(
            "--standardize",
            action="store_true",
            help="directly age-standardised rates (needs population by age)",
        )
        parser.add_argument("--standard-year", type=int, default=2018)
        parser.add_argument(
            "--smooth",
            choices=["global", "spatial"],
            help="add an Empirical-Bayes smoothed rate column (smoothed_rate_per_100k)",
        )
        parser.add_argument("--confidence", type=float, default=0.95)
        parser.add_argument("--format", choices=["csv", "json", "table"], default="csv")

    def handle(self, *args: Any, **options: Any) -> None:
        selection = selection_from_options(options)
        if options["standardize"]:
            if options["pool"] or options["smooth"]:
                raise AnalysisError("--standardize cannot be combined with --pool or --smooth")
            report = standardised_report(
                selection,
                standard_year=options["standard_year"],
                confidence=options["confidence"],
            )
        else:
            report = rates_report(
                selection,
                pool=options["pool"],
                smooth=options["smooth"],
                confidence=options["confidence"],
            )
        self.notes(report.messages)
        write_table(
            report.frame, report.columns, options["format"], self.stdout, decimals=RATE_DECIMALS
        )
