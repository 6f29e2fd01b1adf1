"""Commitments: made in a session, followed up to done (with evidence), marked overdue and
notified to their owner when their due date passes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from redpaz.governance.models import (
    AgendaItem,
    Commitment,
    CommitmentUpdate,
    CommitteeMember,
    Session,
)
from redpaz.governance.services.common import recompute_indicators, save, stored_language
from redpaz.governance.services.sessions import check_attachment
from redpaz.notifications.services import notify

LINK_FIELDS = ("component", "programme", "indicator")


def _check_links(commitment: Commitment) -> None:
    strategy_id = commitment.session.committee.strategy_id
    errors = {}
    for name in LINK_FIELDS:
        target = getattr(commitment, name)
        if target is None:
            continue
        owner = target.component.strategy_id if name == "programme" else target.strategy_id
        if owner != strategy_id:
            errors[name] = _("Choose one of the strategy the committee serves.")
    if errors:
        raise ValidationError(errors)


def _owner(
    commitment: Commitment,
    member: CommitteeMember | None,
    user: Any,
    name: str,
    organisation: Any,
    dependency: str,
) -> None:
    if member is not None:
        if member.committee_id != commitment.session.committee_id:
            raise ValidationError({"owner_member": _("Choose a member of this committee.")})
        commitment.owner_member = member
        commitment.owner_user = user or member.user
        commitment.owner_name = name or member.name
        commitment.owner_organisation = organisation or member.organisation
        commitment.owner_dependency = dependency or member.dependency
    else:
        commitment.owner_member = None
        commitment.owner_user = user
        commitment.owner_name = name or (user.get_full_name() or user.username if user else "")
        commitment.owner_organisation = organisation
        commitment.owner_dependency = dependency
    if not commitment.owner_name:
        raise ValidationError({"owner_name": _("Say who owns the commitment.")})


@transaction.atomic
def commitment_create(
    *,
    session: Session,
    description: str,
    due_date: date,
    user: Any = None,
    owner_member: CommitteeMember | None = None,
    owner_user: Any = None,
    owner_name: str = "",
    owner_organisation: Any = None,
    owner_dependency: str = "",
    agenda_item: AgendaItem | None = None,
    component: Any = None,
    programme: Any = None,
    indicator: Any = None,
) -> Commitment:
    if session.status == Session.Status.CANCELLED:
        raise ValidationError(_("The session was cancelled."))
    if agenda_item is not None and agenda_item.session_id != session.pk:
        raise ValidationError({"agenda_item": _("Choose an item of this session's agenda.")})
    if due_date < session.date:
        raise ValidationError({"due_date": _("The due date is before the session.")})
    commitment = Commitment(
        session=session,
        description=description.strip(),
        due_date=due_date,
        agenda_item=agenda_item,
        component=component,
        programme=programme,
        indicator=indicator,
        created_by=user,
    )
    _owner(commitment, owner_member, owner_user, owner_name, owner_organisation, owner_dependency)
    _check_links(commitment)
    today = timezone.localdate()
    if due_date < today:  # recorded late, from the minutes of an earlier session
        commitment.status = Commitment.Status.OVERDUE
        commitment.overdue_since = today
    save(commitment)
    CommitmentUpdate.objects.create(commitment=commitment, user=user, status=commitment.status)
    recompute_indicators(session.committee.strategy_id)
    return commitment


@dataclass
class Change:
    status: str | None = None
    note: str = ""
    due_date: date | None = None
    completed_on: date | None = None
    evidence: str | None = None
    evidence_url: str | None = None
    evidence_file: File[Any] | None = None
    fields: dict[str, Any] = field(default_factory=dict)  # description, owner, links


@transaction.atomic
def commitment_update(
    *, commitment: Commitment, user: Any = None, change: Change, today: date | None = None
) -> Commitment:
    """Follow a commitment up: a new status (done needs evidence and a date; cancelled needs a
    reason), another due date (an overdue commitment given time again is open again), evidence.
    Every change is kept with who made it and the note."""
    today = today or timezone.localdate()
    before = {
        "status": commitment.status,
        "due_date": commitment.due_date.isoformat(),
        "completed_on": commitment.completed_on.isoformat() if commitment.completed_on else "",
    }
    for name, value in change.fields.items():
        if name not in ("description", *LINK_FIELDS):
            raise ValueError(f"not a commitment field: {name}")
        setattr(commitment, name, value)
    if change.evidence is not None:
        commitment.evidence = change.evidence
    if change.evidence_url is not None:
        commitment.evidence_url = change.evidence_url
    if change.evidence_file:
        try:
            check_attachment(change.evidence_file)
        except ValidationError as exc:
            raise ValidationError({"evidence_file": exc.message_dict["file"]}) from exc
        commitment.evidence_file = change.evidence_file
    if change.due_date is not None and change.due_date != commitment.due_date:
        if change.due_date < commitment.session.date:
            raise ValidationError({"due_date": _("The due date is before the session.")})
        commitment.due_date = change.due_date
        if commitment.status == Commitment.Status.OVERDUE and change.due_date >= today:
            commitment.status = Commitment.Status.OPEN
            commitment.overdue_since = None
    status = change.status or commitment.status
    if status == Commitment.Status.DONE:
        completed = change.completed_on or commitment.completed_on or today
        if completed > today:
            raise ValidationError({"completed_on": _("The completion date is in the future.")})
        if not (commitment.evidence.strip() or commitment.evidence_url or commitment.evidence_file):
            raise ValidationError(
                {"evidence": _("Say what shows it was done, or attach a file or a link.")}
            )
        commitment.completed_on = completed
    elif status == Commitment.Status.CANCELLED:
        if not change.note.strip():
            raise ValidationError({"note": _("Say why the commitment is cancelled.")})
        commitment.completed_on = None
    else:
        commitment.completed_on = None
        if status in (Commitment.Status.OPEN, Commitment.Status.IN_PROGRESS) and (
            commitment.due_date < today
        ):
            status = Commitment.Status.OVERDUE  # still late, whatever work has started
        if status == Commitment.Status.OVERDUE and commitment.overdue_since is None:
            commitment.overdue_since = today
    commitment.status = status
    if commitment.status != Commitment.Status.OVERDUE:
        commitment.overdue_since = None
    _check_links(commitment)
    save(commitment)
    after = {
        "status": commitment.status,
        "due_date": commitment.due_date.isoformat(),
        "completed_on": commitment.completed_on.isoformat() if commitment.completed_on else "",
    }
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k] and k != "status"}
    if change.evidence_file:
        changes["evidence_file"] = ["", commitment.evidence_name]
    CommitmentUpdate.objects.create(
        commitment=commitment,
        user=user,
        status=commitment.status,
        note=change.note.strip(),
        changes=changes,
    )
    if changes or before["status"] != after["status"]:
        recompute_indicators(commitment.session.committee.strategy_id)
    return commitment


@dataclass
class FollowUp:
    marked_overdue: list[Commitment] = field(default_factory=list)
    notified: int = 0  # notices sent (one per person and run, whatever the number of items)


@stored_language
def commitments_mark_overdue(*, today: date | None = None) -> FollowUp:
    """Mark pending commitments past their due date as overdue, then tell each owner (or, for
    an owner without an account, the chair and secretary of the committee) once per due date:
    one notice per person and run, listing theirs."""
    today = today or timezone.localdate()
    outcome = FollowUp()
    with transaction.atomic():
        late = list(
            Commitment.objects.select_for_update()
            .filter(
                status__in=[Commitment.Status.OPEN, Commitment.Status.IN_PROGRESS],
                due_date__lt=today,
            )
            .order_by("due_date", "pk")
        )
        for commitment in late:
            commitment.status = Commitment.Status.OVERDUE
            commitment.overdue_since = today
            commitment.save(update_fields=["status", "overdue_since", "updated_at"])
        CommitmentUpdate.objects.bulk_create(
            [
                CommitmentUpdate(
                    commitment=commitment, status=commitment.status, note=_("Past its due date.")
                )
                for commitment in late
            ]
        )
        outcome.marked_overdue = late
    unnotified = (
        Commitment.objects.filter(status=Commitment.Status.OVERDUE)
        .exclude(overdue_notified_for=F("due_date"))
        .select_related("owner_user", "owner_organisation", "session__committee")
        .order_by("due_date", "pk")
    )
    by_person: dict[int, tuple[Any, list[Commitment]]] = {}
    runners: dict[int, list[Any]] = {}
    for commitment in unnotified:
        owner = commitment.owner_user
        if owner is not None and owner.is_active:
            people = [owner]
        else:
            committee_id = commitment.session.committee_id
            if committee_id not in runners:
                runners[committee_id] = _runners(commitment.session.committee, today)
            people = runners[committee_id]
        for person in people:
            by_person.setdefault(person.pk, (person, []))[1].append(commitment)
    told: set[int] = set()
    for person, commitments in by_person.values():
        if notify_overdue(person, commitments):
            outcome.notified += 1
        told.update(c.pk for c in commitments)
    Commitment.objects.filter(pk__in=told).update(overdue_notified_for=F("due_date"))
    return outcome


def _runners(committee: Any, today: date) -> list[Any]:
    """Chair and secretary with an account: they follow up commitments of owners without one."""
    return [
        m.user
        for m in committee.members.filter(
            role__in=[CommitteeMember.Role.CHAIR, CommitteeMember.Role.SECRETARY],
            user__isnull=False,
            user__is_active=True,
        ).select_related("user")
        if m.active_on(today)
    ]


# A notice lists this many commitments at most; the link opens the whole list.
LISTED = 15


def notify_overdue(person: Any, commitments: list[Commitment]) -> list[Any]:
    if len(commitments) == 1:
        commitment = commitments[0]
        committee = commitment.session.committee
        return notify(
            users=[person],
            kind="governance.commitment_overdue",
            title=_("Overdue commitment: %(text)s") % {"text": commitment.description[:120]},
            body=_(
                "%(committee)s, session of %(date)s. Owner: %(owner)s. Due on %(due)s. Update "
                "its status with the evidence, or ask the committee for more time."
            )
            % {
                "committee": committee.name,
                "date": date_format(commitment.session.date, "DATE_FORMAT"),
                "owner": commitment.owner_label,
                "due": date_format(commitment.due_date, "DATE_FORMAT"),
            },
            url=commitment.get_absolute_url(),
            key=f"governance.commitment_overdue:{commitment.pk}:{commitment.due_date}",
        )
    lines = [
        _("- %(text)s (%(committee)s; owner: %(owner)s; due on %(due)s)")
        % {
            "text": c.description[:120],
            "committee": c.session.committee.name,
            "owner": c.owner_label,
            "due": date_format(c.due_date, "DATE_FORMAT"),
        }
        for c in commitments[:LISTED]
    ]
    if len(commitments) > LISTED:
        lines.append(_("…and %(n)s more.") % {"n": len(commitments) - LISTED})
    mine = all(c.owner_user_id == person.pk for c in commitments)
    committees = {c.session.committee_id for c in commitments}
    query = (
        "?mine=1" if mine else (f"?committee={committees.pop()}" if len(committees) == 1 else "")
    )
    digest = hashlib.sha256(
        ",".join(f"{c.pk}@{c.due_date}" for c in commitments).encode()
    ).hexdigest()[:24]
    return notify(
        users=[person],
        kind="governance.commitment_overdue",
        title=_("%(n)s overdue commitments") % {"n": len(commitments)},
        body="\n".join(lines),
        url=reverse("governance:commitments") + query,
        key=f"governance.commitments_overdue:{digest}",
    )
