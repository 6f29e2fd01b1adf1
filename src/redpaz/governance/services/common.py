"""What the governance services share: validation, stored text in the installation's
language, and recomputing the strategy indicators that read committees."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import translation

T = TypeVar("T")

# The computations of governance/indicators.py (recomputed after sessions and commitments
# change).
COMPUTATIONS = frozenset(
    {
        "governance.sessions_held",
        "governance.attendance_rate",
        "governance.commitments_on_time",
    }
)


def save(instance: models.Model, *, exclude: Iterable[str] = ()) -> None:
    instance.full_clean(exclude=list(exclude))
    instance.save()


def stored_language(function: Callable[..., T]) -> Callable[..., T]:
    """Text a service stores (standard agenda items, notices) is written in the installation's
    language, whoever triggers it (the command line speaks English)."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return wrapper


def recompute_indicators(strategy_id: int | None) -> None:
    """After the transaction commits, recompute the strategy's indicators computed from
    committees (their figures may have moved)."""
    if strategy_id is None:
        return
    # One recomputation per strategy and transaction, however many writes it holds (the demo
    # records dozens of sessions at once).
    for entry in connection.run_on_commit:
        if getattr(entry[1], "governance_strategy", None) == strategy_id:
            return

    def run() -> None:
        from redpaz.strategy.models import Strategy
        from redpaz.strategy.services import strategy_recompute

        strategy = Strategy.objects.filter(pk=strategy_id).first()
        if strategy is not None:
            strategy_recompute(strategy=strategy, computations=set(COMPUTATIONS))

    run.governance_strategy = strategy_id  # type: ignore[attr-defined]
    transaction.on_commit(run)
