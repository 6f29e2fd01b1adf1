"""Audit trail of the strategy's structure. Indicators and results keep their own history with
the reason for each change (IndicatorRevision, ResultEvent)."""

from auditlog.registry import auditlog


def register() -> None:
    from redpaz.strategy.models import Activity, Component, Programme, Strategy

    auditlog.register(Strategy, m2m_fields={"target_zones"})
    auditlog.register(Component)
    auditlog.register(Programme)
    auditlog.register(Activity, m2m_fields={"zones"})
