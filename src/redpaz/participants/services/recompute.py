"""Figures that count participants are recomputed once the change that moves them commits.

Imports are covered by the import completion hook (``data_kinds``); changes made on the pages
(an enrolment, an exit, attendance, a merge) call ``participants_changed``. Many changes in one
transaction (a demo, a merge moving many enrolments) recompute each strategy once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction

COMPUTATIONS = {"participants.unique_participants", "participants.with_hours"}
_PENDING = "_redpaz_participant_strategies"
logger = logging.getLogger(__name__)


def participants_changed(strategy_ids: Iterable[int]) -> None:
    connection = transaction.get_connection()
    pending: set[int] = connection.__dict__.setdefault(_PENDING, set())
    pending.update(strategy_ids)
    transaction.on_commit(_recompute)


def _recompute() -> None:
    from redpaz.strategy.models import Strategy
    from redpaz.strategy.services.computing import strategy_recompute

    ids = transaction.get_connection().__dict__.pop(_PENDING, set())
    for strategy in Strategy.objects.filter(pk__in=ids):
        try:
            strategy_recompute(strategy=strategy, computations=COMPUTATIONS)
        except Exception:
            logger.exception(
                "recomputing the participant figures of strategy %s failed", strategy.pk
            )
