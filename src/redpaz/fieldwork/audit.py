"""Audit trail of field records: who created or changed each mediation, need and intervention."""

from auditlog.registry import auditlog


def register() -> None:
    from redpaz.fieldwork.models import CommunityNeed, FollowUp, Intervention, Mediation

    auditlog.register(Mediation)
    auditlog.register(FollowUp)
    auditlog.register(CommunityNeed)
    auditlog.register(Intervention)
