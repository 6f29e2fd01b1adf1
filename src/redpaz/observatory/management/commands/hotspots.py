from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from redpaz.analysis.local import DEFAULT_PERMUTATIONS, DEFAULT_SEED
from redpaz.observatory.hotspots import (
    DEFAULT_H3_RESOLUTION,
    HOTSPOT_DECIMALS,
    METHODS,
    VALUES,
    hotspots_report,
)
from redpaz.observatory.management.options import (
    AnalysisCommand,
    add_selection_arguments,
    selection_from_options,
)
from redpaz.observatory.output import write_table


class Command(AnalysisCommand):
    help = (
        "Hotspots: Getis-Ord Gi* (gi), local Moran (lisa) or emerging hotspots (emerging) on "
        "municipalities, the zones of a municipality or a complete H3 grid over it. Columns: "
        "code,name,value,statistic,p_value,p_fdr,class. statistic is the Gi* z-score or the "
        "local I; p_value is two-sided (see --inference), p_fdr its Benjamini-Hochberg "
        "adjustment; class (at p_fdr <= --alpha) is hot|cold|high-high|low-low|high-low|"
        "low-high|none. Same --seed, same output."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_selection_arguments(parser, levels=["municipality", "zone", "h3"])
        parser.add_argument("--method", choices=list(METHODS), default="gi")
        parser.add_argument(
            "--value",
            choices=list(VALUES),
            default="auto",
            help="what is analysed: count, rate, or Empirical-Bayes smoothed rate (auto: "
            "smoothed for territories, count for H3 cells)",
        )
        parser.add_argument("--permutations", type=int, default=DEFAULT_PERMUTATIONS)
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--alpha", type=float, default=0.05, help="FDR level for class")
        parser.add_argument("--h3-resolution", type=int, default=DEFAULT_H3_RESOLUTION)
        parser.add_argument(
            "--inference",
            choices=["auto", "permutation", "normal"],
            default="auto",
            help="p-values from the permutations (pseudo p-values) or from the normal "
            "approximation of the permutation z-score; auto: permutation for territories, "
            "normal for H3 grids",
        )
        parser.add_argument("--format", choices=["csv", "geojson", "json", "table"], default="csv")

    def handle(self, *args: Any, **options: Any) -> None:
        selection = selection_from_options(options)
        report = hotspots_report(
            selection,
            method=options["method"],
            value=options["value"],
            permutations=options["permutations"],
            seed=options["seed"],
            alpha=options["alpha"],
            h3_resolution=options["h3_resolution"],
            inference=options["inference"],
        )
        self.notes(report.messages)
        write_table(
            report.frame,
            report.columns,
            options["format"],
            self.stdout,
            decimals=HOTSPOT_DECIMALS,
            geometries=report.geometries() if options["format"] == "geojson" else None,
            properties=report.parameters,
        )
