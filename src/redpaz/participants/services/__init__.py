"""Writes of the participants app (see each module)."""

from redpaz.participants.services.enrolment import (
    attendance_save,
    criteria_flags,
    enrolment_advance,
    enrolment_create,
    enrolment_exit,
    profile_set,
    session_create,
    session_roster,
)
from redpaz.participants.services.merging import (
    candidate_dismiss,
    candidates_store,
    detect,
    person_merge,
)
from redpaz.participants.services.people import (
    consent_record,
    consent_withdraw,
    identity_summary,
    living_with_document,
    person_erase,
    person_register,
    person_update,
    request_answer,
    request_record,
)

__all__ = [
    "attendance_save",
    "candidate_dismiss",
    "candidates_store",
    "consent_record",
    "consent_withdraw",
    "criteria_flags",
    "detect",
    "enrolment_advance",
    "enrolment_create",
    "enrolment_exit",
    "identity_summary",
    "living_with_document",
    "person_erase",
    "person_merge",
    "person_register",
    "person_update",
    "profile_set",
    "request_answer",
    "request_record",
    "session_create",
    "session_roster",
]
