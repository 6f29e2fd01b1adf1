"""Writes of the strategy app: structure, indicators, results and their computation."""

from redpaz.strategy.services.computing import (
    indicator_compute,
    recompute_after_import,
    recompute_all,
    strategy_recompute,
)
from redpaz.strategy.services.indicators import (
    indicator_baseline_compute,
    indicator_create,
    indicator_delete,
    indicator_disaggregations_set,
    indicator_targets_set,
    indicator_update,
)
from redpaz.strategy.services.results import (
    PeriodLocked,
    result_approve,
    result_reopen,
    result_report,
    result_return,
    result_review,
    result_revision_accept,
)
from redpaz.strategy.services.structure import (
    activity_create,
    activity_delete,
    activity_update,
    component_create,
    component_delete,
    component_update,
    programme_create,
    programme_delete,
    programme_update,
    strategy_create,
    strategy_update,
)

__all__ = [
    "PeriodLocked",
    "activity_create",
    "activity_delete",
    "activity_update",
    "component_create",
    "component_delete",
    "component_update",
    "indicator_baseline_compute",
    "indicator_compute",
    "indicator_create",
    "indicator_delete",
    "indicator_disaggregations_set",
    "indicator_targets_set",
    "indicator_update",
    "programme_create",
    "programme_delete",
    "programme_update",
    "recompute_after_import",
    "recompute_all",
    "result_approve",
    "result_reopen",
    "result_report",
    "result_return",
    "result_review",
    "result_revision_accept",
    "strategy_create",
    "strategy_recompute",
    "strategy_update",
]
