"""Audit trail of committees and what they decide. Commitments keep their own follow-up history
(CommitmentUpdate) with the note of each change."""

from auditlog.registry import auditlog


def register() -> None:
    from redpaz.governance.models import (
        Committee,
        CommitteeMember,
        ParticipationBody,
        Session,
    )

    auditlog.register(Committee, m2m_fields={"zones"})
    auditlog.register(CommitteeMember)
    auditlog.register(Session)
    auditlog.register(ParticipationBody)
