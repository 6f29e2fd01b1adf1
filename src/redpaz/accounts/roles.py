"""Roles and the capabilities each one grants: the whole permission matrix in one place.

A capability is a plain string "<area>.<action>". Apps check capabilities through
``redpaz.accounts.access`` (never by role name), so that a role can gain or lose a capability here
without touching any view. Territory scope is a separate question, answered by the same module.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    ANALYST = "analyst", _("Analyst")
    PROGRAMME_STAFF = "programme_staff", _("Programme staff")
    FIELD_WORKER = "field_worker", _("Field worker")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    PROTECTION_OFFICER = "protection_officer", _("Protection officer")
    READONLY = "readonly", _("Read-only (donor or auditor)")


# Territory reference data.
TERRITORY_EDIT = "territory.edit"  # correct names, add alternative names
DATA_IMPORT = "data.import"  # bring outside files in (population, boundaries, violence data)
ACCOUNTS_MANAGE = "accounts.manage"  # create users and memberships within an organisation
AUDIT_VIEW = "audit.view"  # read the audit trail
# Prioritisations of zones and their priority clusters.
PRIORITIES_VIEW = "priorities.view"
PRIORITIES_SAVE = "priorities.save"  # save a prioritisation (its clusters become zones)
# Strategies and their results framework (edit, review and approve also need a membership in
# the organisation that owns the strategy; see strategy/access.py).
STRATEGY_VIEW = "strategy.view"  # every figure of the strategies in scope, approved or not
STRATEGY_VIEW_APPROVED = "strategy.view_approved"  # approved figures only (donors, auditors)
STRATEGY_EDIT = "strategy.edit"  # create strategies; edit structure, indicators and targets
STRATEGY_REPORT = "strategy.report"  # report results with evidence; recompute computed ones
STRATEGY_REVIEW = "strategy.review"  # review submitted results
STRATEGY_APPROVE = "strategy.approve"  # approve results (locks the period) and reopen them
_STRATEGY_ALL = frozenset(
    {STRATEGY_VIEW, STRATEGY_EDIT, STRATEGY_REPORT, STRATEGY_REVIEW, STRATEGY_APPROVE}
)
OBSERVATORY_VIEW = "observatory.view"  # violence counts, rates and maps of the observatory
# Committees, sessions, commitments and participation bodies. A committee's own members see it
# (and its chair and secretary run it) whatever their role; see governance/access.py.
GOVERNANCE_VIEW = "governance.view"  # every committee in scope, public or private, with minutes
GOVERNANCE_VIEW_PUBLIC = "governance.view_public"  # public committees in scope only
# Create committees and bodies; run sessions, minutes and commitments (also needs a membership
# in the committee's convening organisation).
GOVERNANCE_MANAGE = "governance.manage"
# Field work: mediations, community needs and situational interventions. Recording needs the
# zone in the person's scope; supervising (caseloads, maps, alerts of high risk) covers the
# field workers of the zones in scope.
FIELDWORK_RECORD = "fieldwork.record"
FIELDWORK_SUPERVISE = "fieldwork.supervise"
# Participants of the programmes (personal data, Ley 1581): see participants/access.py.
PARTICIPANTS_VIEW = "participants.view"  # every participant in territorial scope
PARTICIPANTS_VIEW_PROGRAMME = "participants.view_programme"  # those of programmes one staffs
PARTICIPANTS_VIEW_ZONE = "participants.view_zone"  # those living in one's zones
PARTICIPANTS_MANAGE = "participants.manage"  # register, enrol, consent, of those one sees
PARTICIPANTS_ATTENDANCE = "participants.attendance"  # take attendance of sessions one sees
PARTICIPANTS_MERGE = "participants.merge"  # review probable duplicates and merge records
PARTICIPANTS_REQUESTS = "participants.requests"  # data-subject requests and erasure
PARTICIPANTS_AGGREGATES = "participants.aggregates"  # counts only, never a person
_PARTICIPANTS_ALL = frozenset(
    {
        PARTICIPANTS_VIEW,
        PARTICIPANTS_MANAGE,
        PARTICIPANTS_ATTENDANCE,
        PARTICIPANTS_MERGE,
        PARTICIPANTS_REQUESTS,
        PARTICIPANTS_AGGREGATES,
    }
)

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset(
        {
            TERRITORY_EDIT,
            DATA_IMPORT,
            ACCOUNTS_MANAGE,
            AUDIT_VIEW,
            PRIORITIES_VIEW,
            PRIORITIES_SAVE,
            OBSERVATORY_VIEW,
        }
    )
    | _STRATEGY_ALL
    | {GOVERNANCE_VIEW, GOVERNANCE_MANAGE}
    | {FIELDWORK_SUPERVISE}
    | _PARTICIPANTS_ALL,
    Role.ANALYST: frozenset(
        {TERRITORY_EDIT, DATA_IMPORT, PRIORITIES_VIEW, PRIORITIES_SAVE, OBSERVATORY_VIEW}
    )
    | _STRATEGY_ALL
    | {GOVERNANCE_VIEW, GOVERNANCE_MANAGE}
    | {FIELDWORK_SUPERVISE}
    | {PARTICIPANTS_AGGREGATES},
    Role.PROGRAMME_STAFF: frozenset(
        {PRIORITIES_VIEW, STRATEGY_VIEW, STRATEGY_REPORT, OBSERVATORY_VIEW}
    )
    | {GOVERNANCE_VIEW}
    | {FIELDWORK_SUPERVISE}
    | {
        PARTICIPANTS_VIEW_PROGRAMME,
        PARTICIPANTS_MANAGE,
        PARTICIPANTS_ATTENDANCE,
        PARTICIPANTS_AGGREGATES,
    },
    Role.FIELD_WORKER: frozenset({PRIORITIES_VIEW, STRATEGY_VIEW, OBSERVATORY_VIEW})
    | {GOVERNANCE_VIEW_PUBLIC}
    | {FIELDWORK_RECORD}
    | {PARTICIPANTS_VIEW_ZONE, PARTICIPANTS_ATTENDANCE},
    Role.COMMITTEE_MEMBER: frozenset(
        {PRIORITIES_VIEW, STRATEGY_VIEW, STRATEGY_REVIEW, OBSERVATORY_VIEW}
    )
    | {GOVERNANCE_VIEW_PUBLIC}
    | {PARTICIPANTS_AGGREGATES},
    Role.PROTECTION_OFFICER: frozenset({PRIORITIES_VIEW, OBSERVATORY_VIEW})
    | {GOVERNANCE_VIEW_PUBLIC},
    Role.READONLY: frozenset(
        {AUDIT_VIEW, PRIORITIES_VIEW, STRATEGY_VIEW_APPROVED, OBSERVATORY_VIEW}
    )
    | {GOVERNANCE_VIEW_PUBLIC}
    | {PARTICIPANTS_AGGREGATES},
}


def capabilities_of(role: str) -> frozenset[str]:
    return ROLE_CAPABILITIES.get(role, frozenset())


def all_capabilities() -> frozenset[str]:
    return frozenset().union(*ROLE_CAPABILITIES.values())
