"""How the import commands print an outcome: the batch line, its figures and its warnings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError

from redpaz.imports.services import ImportOutcome


@contextmanager
def refused_without_permission() -> Iterator[None]:
    """Report an import the ``--user`` may not make as a clean error."""
    try:
        yield
    except PermissionDenied as exc:
        raise CommandError(f"nothing was imported: {exc}") from None


def describe(outcome: ImportOutcome, write: Any, warn: Any) -> None:
    """Print the outcome message, the batch's key figures and (for a new batch) its warnings."""
    batch = outcome.batch
    write(outcome.message)
    if not outcome.created:
        return
    report = batch.report or {}
    period = report.get("period")
    if isinstance(period, list):
        write(f"  period {period[0]} to {period[1]}")
    elif isinstance(period, dict):
        for crime, (start, end) in period.items():
            write(f"  {crime}: {start} to {end}")
    if "victims" in report:
        write(f"  victims: {report['victims']:,} in {batch.rows_stored:,} rows")
    if report.get("total_row") is not None:
        write(f"  TOTAL row: {report['total_row']:,} (equal to the sum)")
    if batch.extraction_date:
        write(f"  extracted on {batch.extraction_date}")
    if "placed" in report:
        write(
            f"  placed in a {report.get('level') or 'zone'}: {report['placed']:,}; "
            f"in no zone: {report['unplaced']:,}; on a shared boundary: {report['on_boundary']:,}"
        )
    agreement = report.get("agreement") or {}
    if agreement:
        write(
            f"  the file's {agreement['column']} column agrees for {agreement['agree']:,} of "
            f"{agreement['compared']:,} points; {agreement['disagree']:,} differ, "
            f"{agreement['boundary_cases']:,} of them within "
            f"{agreement['boundary_distance_m']:.0f} m of the named zone"
        )
    for zone in report.get("zones") or []:
        rate = zone["match_rate"]
        write(
            f"  {zone['name']} ({zone['municipality']}): {zone['rows_placed_by_name']:,} of "
            f"{zone['rows_with_name']:,} rows matched by name"
            + (f" ({rate:.1f}%)" if rate is not None else "")
            + f", {zone['names_matched']} of {zone['names']} names; "
            f"{zone['rows_waiting']:,} rows wait for review"
        )
        if zone["unmatched_names"]:
            shown = ", ".join(f"{n} ({c})" for n, c in list(zone["unmatched_names"].items())[:15])
            write(f"    unmatched names: {shown}")
    for warning in batch.warnings:
        warn(f"warning: {warning}")
