from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from redpaz.analysis.local import DEFAULT_PERMUTATIONS, DEFAULT_SEED
from redpaz.analysis.priorities import DEFAULT_WEIGHTS, INDICATORS, parse_weights
from redpaz.observatory.management.options import AnalysisCommand
from redpaz.observatory.output import write_table
from redpaz.priorities.compute import prioritisation_compute
from redpaz.priorities.services import prioritisation_save
from redpaz.web.management.base import acting_user

COLUMNS = ["code", "name", "score", "rank", "cluster"]


class Command(AnalysisCommand):
    help = (
        "Rank the zones of a municipality (or, without --municipality, the municipalities) "
        "with a weighted index and group the top ones into contiguous priority clusters. "
        "Columns: code,name,score,rank,cluster (score 0-100, rank 1 first, cluster 1 = highest "
        "priority, empty when not selected). Indicators: "
        + ", ".join(f"{k} ({s.label})" for k, s in INDICATORS.items())
        + ". Weights and notes go to stderr. --save NAME keeps it, and its clusters become "
        "zones of level priority_cluster."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--municipality", metavar="CODE", help="rank this municipality's zones")
        parser.add_argument(
            "--department", metavar="CODE", help="only this department's municipalities"
        )
        parser.add_argument("--zone-level", help="zone level (default: where records are placed)")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--clusters", type=int, metavar="K", help="number of clusters (SKATER)")
        group.add_argument(
            "--min-population",
            type=float,
            metavar="P",
            help="as many clusters as possible, each of at least P people (max-p)",
        )
        parser.add_argument(
            "--weights",
            default=",".join(f"{k}={v}" for k, v in DEFAULT_WEIGHTS.items()),
            help="indicator=weight,... (default %(default)s)",
        )
        parser.add_argument("--top", type=int, help="cluster only the N best-ranked zones")
        parser.add_argument("--from", dest="first", type=int, metavar="YEAR")
        parser.add_argument("--to", dest="last", type=int, metavar="YEAR")
        parser.add_argument("--crime", default="homicidio")
        parser.add_argument("--source", help="data source (default as for `redpaz rates`)")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--permutations", type=int, default=DEFAULT_PERMUTATIONS)
        parser.add_argument("--format", choices=["csv", "geojson", "json", "table"], default="csv")
        parser.add_argument(
            "--explain", action="store_true", help="add each indicator and its 0-1 scaled value"
        )
        parser.add_argument("--save", metavar="NAME", help="save it under this name")
        parser.add_argument("--user", help="record the saved prioritisation under this username")

    def handle(self, *args: Any, **options: Any) -> None:
        result = prioritisation_compute(
            weights=parse_weights(options["weights"]),
            municipality_code=options["municipality"],
            department_code=options["department"],
            zone_level=options["zone_level"],
            first_year=options["first"],
            last_year=options["last"],
            crime=options["crime"],
            source=options["source"],
            n_clusters=options["clusters"],
            min_population=options["min_population"],
            top=options["top"],
            seed=options["seed"],
            permutations=options["permutations"],
        )
        self.notes(result.messages)
        saved = None
        if options["save"]:
            saved = prioritisation_save(
                name=options["save"], result=result, user=acting_user(options["user"])
            )
        columns = list(COLUMNS)
        if options["explain"]:
            for key in result.weights:
                columns += [key, f"{key}_scaled"]
        write_table(
            result.table,
            columns,
            options["format"],
            self.stdout,
            decimals={"score": 4, **dict.fromkeys(columns[5:], 6)},
            geometries=result.geometries() if options["format"] == "geojson" else None,
            properties={"weights": result.weights, **result.parameters},
        )
        if saved is not None:
            where = (
                f"; its clusters are zones of boundary set {saved.boundary_set_id}"
                if saved.boundary_set_id
                else ""
            )
            self.stderr.write(f"saved as prioritisation {saved.pk} ({saved.name}){where}")
