"""Audit trail of participants' records. Encrypted identity fields and the document hash are
never written to the log (``exclude_fields``): an entry says that the identity changed, not
what it says. Reads of an identity are logged as "access" entries by the views."""

from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog

HIDDEN = ["identity_token", "document_hash"]


def register() -> None:
    from redpaz.participants.models import (
        Consent,
        DataRequest,
        Enrolment,
        Merge,
        Person,
        ProgrammeProfile,
        Session,
    )

    auditlog.register(Person, exclude_fields=HIDDEN)
    auditlog.register(Consent)
    auditlog.register(DataRequest)
    auditlog.register(Enrolment)
    auditlog.register(Merge)
    auditlog.register(ProgrammeProfile, m2m_fields={"staff", "zones"})
    auditlog.register(Session)


def log_identity_change(person: Any, user: Any) -> None:
    """Record that the identity was corrected, without what it said or says now."""
    LogEntry.objects.log_create(
        person,
        action=LogEntry.Action.UPDATE,
        changes={"identity": ["…", "corrected"]},
        actor=user if getattr(user, "is_authenticated", False) else None,
        force_log=True,
    )


def log_identity_read(person: Any, user: Any, what: str) -> None:
    """Record that ``user`` saw the identity of ``person`` (a page, an access request)."""
    LogEntry.objects.log_create(
        person,
        action=LogEntry.Action.ACCESS,
        changes={"identity": [what, ""]},
        actor=user if getattr(user, "is_authenticated", False) else None,
        force_log=True,
    )
