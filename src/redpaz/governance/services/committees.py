"""Committees and their members."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from redpaz.governance.models import Attendance, Committee, CommitteeMember
from redpaz.governance.recurrence import RuleError
from redpaz.governance.services.common import save
from redpaz.territory.models import Level, Territory

COMMITTEE_FIELDS = (
    "name",
    "kind",
    "purpose",
    "legal_basis",
    "strategy",
    "is_public",
    "frequency",
    "week_of_month",
    "weekday",
    "day_of_month",
    "start_time",
    "duration_minutes",
    "place",
    "quorum_rule",
    "quorum_fixed",
    "is_active",
)
MEMBER_FIELDS = (
    "user",
    "name",
    "position",
    "organisation",
    "dependency",
    "role",
    "has_vote",
    "alternate_of",
    "start",
    "end",
    "order",
)


def _check(committee: Committee, zones: list[Territory]) -> None:
    errors: dict[str, str] = {}
    if committee.municipality.level != Level.MUNICIPALITY:
        errors["municipality"] = _("A committee belongs to a municipality.")
    wrong = [
        z.name for z in zones if not z.is_zone or z.municipality_code != committee.municipality.code
    ]
    if wrong:
        errors["zones"] = _("These are not zones of %(municipality)s: %(names)s") % {
            "municipality": committee.municipality.name,
            "names": ", ".join(wrong),
        }
    if committee.strategy is not None:
        strategy = committee.strategy
        if strategy.territory.code not in (
            committee.municipality.code,
            committee.municipality.department_code,
        ):
            errors["strategy"] = _("The strategy is not one of %(municipality)s.") % {
                "municipality": committee.municipality.name
            }
    try:
        committee.rule.check()
    except RuleError:
        if committee.frequency in ("weekly", "fortnightly"):
            errors["weekday"] = _("Say on which weekday it meets.")
        else:
            errors["day_of_month"] = _(
                "Say when in the month it meets: a day of the month, or a weekday and its week "
                "(e.g. the second Tuesday)."
            )
    if committee.quorum_rule == Committee.QuorumRule.FIXED and not committee.quorum_fixed:
        errors["quorum_fixed"] = _("Say how many members with vote make the quorum.")
    if errors:
        raise ValidationError(errors)


def _normalise_rule(committee: Committee) -> None:
    """Keep only the parts of the meeting rule its frequency uses."""
    if committee.frequency == Committee.Frequency.AS_NEEDED:
        committee.weekday = committee.week_of_month = committee.day_of_month = None
    elif committee.frequency in (Committee.Frequency.WEEKLY, Committee.Frequency.FORTNIGHTLY):
        committee.week_of_month = committee.day_of_month = None
    elif committee.day_of_month is not None:
        committee.weekday = committee.week_of_month = None
    if committee.quorum_rule != Committee.QuorumRule.FIXED:
        committee.quorum_fixed = None


@transaction.atomic
def committee_create(
    *,
    name: str,
    kind: str,
    organisation: Any,
    municipality: Territory,
    user: Any = None,
    zones: Iterable[Territory] = (),
    **fields: Any,
) -> Committee:
    unknown = set(fields) - set(COMMITTEE_FIELDS)
    if unknown:
        raise ValueError(f"not committee fields: {', '.join(sorted(unknown))}")
    committee = Committee(
        name=name,
        kind=kind,
        organisation=organisation,
        municipality=municipality,
        created_by=user,
        **fields,
    )
    zones = list(zones)
    _normalise_rule(committee)
    _check(committee, zones)
    save(committee)
    committee.zones.set(zones)
    return committee


@transaction.atomic
def committee_update(
    *, committee: Committee, zones: Iterable[Territory] | None = None, **fields: Any
) -> Committee:
    unknown = set(fields) - set(COMMITTEE_FIELDS)
    if unknown:
        raise ValueError(f"not committee fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(committee, name, value)
    new_zones = list(zones) if zones is not None else list(committee.zones.all())
    _normalise_rule(committee)
    _check(committee, new_zones)
    save(committee)
    if zones is not None:
        committee.zones.set(new_zones)
    return committee


def _check_member(member: CommitteeMember) -> None:
    errors: dict[str, str] = {}
    principal = member.alternate_of
    if principal is not None:
        if principal.committee_id != member.committee_id:
            errors["alternate_of"] = _("The principal must be a member of the same committee.")
        elif principal.alternate_of_id is not None:
            errors["alternate_of"] = _("An alternate stands in for a principal, not another one.")
        elif member.pk is not None and principal.pk == member.pk:
            errors["alternate_of"] = _("A member cannot be their own alternate.")
        elif member.pk is not None and member.alternates.exists():
            errors["alternate_of"] = _("This member has alternates: they are a principal.")
    if member.role == CommitteeMember.Role.GUEST and member.has_vote:
        member.has_vote = False  # permanent guests speak, they do not vote
    if member.role in (CommitteeMember.Role.CHAIR, CommitteeMember.Role.SECRETARY):
        others = CommitteeMember.objects.filter(
            committee_id=member.committee_id, role=member.role, end__isnull=True
        ).exclude(pk=member.pk)
        if member.end is None and others.exists():
            errors["role"] = _("The committee already has a %(role)s; end their seat first.") % {
                "role": member.get_role_display().lower()
            }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def member_add(*, committee: Committee, name: str = "", **fields: Any) -> CommitteeMember:
    """Seat a person on the committee. With an account and no name, the account's name."""
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise ValueError(f"not member fields: {', '.join(sorted(unknown))}")
    user = fields.get("user")
    member = CommitteeMember(
        committee=committee,
        name=name or (user.get_full_name() or user.username if user else ""),
        **fields,
    )
    if member.order == 0:
        member.order = (committee.members.count() + 1) * 10
    _check_member(member)
    save(member)
    return member


@transaction.atomic
def member_update(*, member: CommitteeMember, **fields: Any) -> CommitteeMember:
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise ValueError(f"not member fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(member, name, value)
    if not member.name and member.user is not None:
        member.name = member.user.get_full_name() or member.user.username
    _check_member(member)
    save(member)
    return member


@transaction.atomic
def member_remove(*, member: CommitteeMember, end: date | None = None) -> CommitteeMember | None:
    """End a seat and its alternates' (kept for the minutes they appear in), or delete a seat
    that never attended nor owned a commitment."""
    alternates = list(member.alternates.all())
    if not _has_history(member) and not alternates:
        member.delete()
        return None
    if not _has_history(member) and all(not _has_history(a) for a in alternates):
        raise ValidationError(_("Remove this member's alternates first."))
    end = end or timezone.localdate()
    for seat in [member, *alternates]:
        if seat.end is None or seat.end > end:
            seat.end = max(end, seat.start) if seat.start else end
            seat.save(update_fields=["end"])
    return member


def _has_history(member: CommitteeMember) -> bool:
    return Attendance.objects.filter(member=member).exists() or member.commitments.exists()
