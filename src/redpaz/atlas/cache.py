"""Cache of expensive computations, keyed by the data they read.

The key holds the version of the imported data (any import, replacement or rollback changes it),
the user's territorial scope (zone counts depend on it) and the interface language (labels), so a
cached map is never stale and never shown to someone who may not see it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.utils.translation import get_language

from redpaz.accounts.access import user_scope
from redpaz.imports.models import ImportBatch

T = TypeVar("T")
TIMEOUT = 6 * 3600


def data_version() -> str:
    """Changes whenever an import batch is added, replaced, rolled back or removed."""
    found = ImportBatch.objects.aggregate(
        last=Max("pk"),
        n=Count("pk"),
        done=Count("pk", filter=Q(status=ImportBatch.Status.DONE)),
        replaced=Count("pk", filter=Q(replaced_by__isnull=False)),
    )
    return f"{found['last']}-{found['n']}-{found['done']}-{found['replaced']}"


def _scope(user: Any) -> str:
    if user is None:
        return "all"
    scope = user_scope(user)
    if scope.everywhere:
        return "everywhere"
    return f"{sorted(scope.municipality_codes)}{sorted(scope.zone_ids)}"


def cached(kind: str, parts: Any, user: Any, compute: Callable[[], T]) -> T:
    raw = json.dumps(
        [kind, parts, data_version(), _scope(user), get_language()], sort_keys=True, default=str
    )
    key = "atlas:" + hashlib.sha256(raw.encode()).hexdigest()
    found = cache.get(key)
    if found is not None:
        return found
    value = compute()
    cache.set(key, value, TIMEOUT)
    return value
