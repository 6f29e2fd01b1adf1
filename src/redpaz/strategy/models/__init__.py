"""A strategy and its results framework.

Strategy → components (lines) → programmes and projects → activities; indicators attached to
the strategy, a component or a programme, with a baseline, targets by period and results. A
result is computed from data through a named computation (``redpaz.strategy.computations``) or
reported by a person with evidence; either way it goes through submitted → reviewed → approved,
and an approved result locks its period. Every change to an indicator's definition and every
step of a result keeps who, when and why.
"""

from redpaz.strategy.models.indicators import Disaggregation, Indicator, Target
from redpaz.strategy.models.results import (
    IndicatorRevision,
    Result,
    ResultEvent,
    ResultValue,
    evidence_path,
)
from redpaz.strategy.models.structure import Activity, Component, Programme, Strategy

__all__ = [
    "Activity",
    "Component",
    "Disaggregation",
    "Indicator",
    "IndicatorRevision",
    "Programme",
    "Result",
    "ResultEvent",
    "ResultValue",
    "Strategy",
    "Target",
    "evidence_path",
]
