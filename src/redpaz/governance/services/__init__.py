"""Writes of the governance app: committees, sessions, agenda, commitments, bodies."""

from redpaz.governance.services.agenda import (
    agenda_item_add,
    agenda_item_remove,
    agenda_item_restore,
    agenda_item_update,
    agenda_refresh,
)
from redpaz.governance.services.bodies import (
    assessment_create,
    body_create,
    body_update,
    measured_scores,
)
from redpaz.governance.services.commitments import (
    Change,
    commitment_create,
    commitment_update,
    commitments_mark_overdue,
)
from redpaz.governance.services.committees import (
    committee_create,
    committee_update,
    member_add,
    member_remove,
    member_update,
)
from redpaz.governance.services.feeds import subscription_get_or_create, subscription_renew
from redpaz.governance.services.sessions import (
    Guest,
    attachment_add,
    attachment_delete,
    attendance_record,
    decision_add,
    decision_delete,
    session_cancel,
    session_create,
    session_record_held,
    session_reopen,
    session_update,
    sessions_generate,
)

__all__ = [
    "Change",
    "Guest",
    "agenda_item_add",
    "agenda_item_remove",
    "agenda_item_restore",
    "agenda_item_update",
    "agenda_refresh",
    "assessment_create",
    "attachment_add",
    "attachment_delete",
    "attendance_record",
    "body_create",
    "body_update",
    "commitment_create",
    "commitment_update",
    "commitments_mark_overdue",
    "committee_create",
    "committee_update",
    "decision_add",
    "decision_delete",
    "measured_scores",
    "member_add",
    "member_remove",
    "member_update",
    "session_cancel",
    "session_create",
    "session_record_held",
    "session_reopen",
    "session_update",
    "sessions_generate",
    "subscription_get_or_create",
    "subscription_renew",
]
