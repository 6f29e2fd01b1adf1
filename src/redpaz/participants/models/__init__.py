from redpaz.participants.models.people import (
    Consent,
    DataRequest,
    DuplicateCandidate,
    Merge,
    Person,
)
from redpaz.participants.models.programmes import (
    Attendance,
    Enrolment,
    ProgrammeProfile,
    Session,
    Stage,
    StageEntry,
)

__all__ = [
    "Attendance",
    "Consent",
    "DataRequest",
    "DuplicateCandidate",
    "Enrolment",
    "Merge",
    "Person",
    "ProgrammeProfile",
    "Session",
    "Stage",
    "StageEntry",
]
