from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError

from redpaz.strategy.models import Strategy
from redpaz.strategy.services import recompute_all
from redpaz.web.management.base import RedPazCommand


class Command(RedPazCommand):
    help = (
        "Recompute the indicators computed from data (all, or one strategy's, or those using "
        "one kind of imported data). Approved figures are not changed: a different figure is "
        "kept as a revision for an approver to accept."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--strategy", type=int, help="id of one strategy")
        parser.add_argument(
            "--kind", help="only computations that use this import kind (points, population...)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        strategy_ids = None
        if options["strategy"] is not None:
            if not Strategy.objects.filter(pk=options["strategy"]).exists():
                raise CommandError(f"no strategy with id {options['strategy']}")
            strategy_ids = [options["strategy"]]
        count = recompute_all(kind=options["kind"], strategy_ids=strategy_ids)
        self.stdout.write(f"{count} figures recomputed.")
