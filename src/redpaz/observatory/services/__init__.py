"""Writes of violence data: imports of each kind, rollback, and the review of place names."""

from redpaz.observatory.services.batches import batch_rollback
from redpaz.observatory.services.common import (
    KIND_POINTS,
    KIND_POLICIA,
    KIND_TABLE,
    OBSERVATORY_KINDS,
    source_ensure,
)
from redpaz.observatory.services.places import review_confirm, review_reject
from redpaz.observatory.services.points import points_import
from redpaz.observatory.services.policia import policia_import
from redpaz.observatory.services.table import table_import

__all__ = [
    "KIND_POINTS",
    "KIND_POLICIA",
    "KIND_TABLE",
    "OBSERVATORY_KINDS",
    "batch_rollback",
    "points_import",
    "policia_import",
    "review_confirm",
    "review_reject",
    "source_ensure",
    "table_import",
]
