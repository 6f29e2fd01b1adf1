"""Committees, their sessions, decisions and commitments; participation bodies.

Committee → members (with alternates) → sessions (from the meeting rule, with holidays moved, or
extraordinary) → agenda, attendance and quorum, minutes, attachments → decisions and commitments
followed up to done. Participation bodies of a municipality are assessed from time to time on
written criteria (operativity and incidence).
"""

from redpaz.governance.models.bodies import (
    AssessmentScore,
    BodyAssessment,
    CalendarSubscription,
    ParticipationBody,
)
from redpaz.governance.models.commitments import Commitment, CommitmentUpdate
from redpaz.governance.models.committees import Committee, CommitteeMember
from redpaz.governance.models.sessions import (
    AgendaItem,
    Attachment,
    Attendance,
    Decision,
    Session,
)

__all__ = [
    "AgendaItem",
    "AssessmentScore",
    "Attachment",
    "Attendance",
    "BodyAssessment",
    "CalendarSubscription",
    "Commitment",
    "CommitmentUpdate",
    "Committee",
    "CommitteeMember",
    "Decision",
    "ParticipationBody",
    "Session",
]
