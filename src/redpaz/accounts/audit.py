"""Audit trail registrations for accounts: who granted what access to whom, and when."""

from auditlog.registry import auditlog


def register() -> None:
    from redpaz.accounts.models import Membership, Organisation, User

    auditlog.register(User, exclude_fields=["password", "last_login"])
    auditlog.register(Organisation)
    auditlog.register(Membership, m2m_fields={"territories"})
