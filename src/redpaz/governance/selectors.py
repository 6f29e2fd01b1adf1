"""Reads of committees, sessions and commitments, each through the user's access."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from redpaz.governance import quorum
from redpaz.governance.access import (
    CommitteeAccess,
    can_see_bodies,
    committee_access,
    visible_filter,
)
from redpaz.governance.models import (
    Attendance,
    Commitment,
    Committee,
    CommitteeMember,
    ParticipationBody,
    Session,
)


def committees_visible(user: Any) -> QuerySet[Committee]:
    pks = Committee.objects.filter(visible_filter(user)).values("pk")
    return Committee.objects.filter(pk__in=pks).select_related(
        "organisation", "municipality", "strategy"
    )


def committee_get(*, user: Any, pk: int) -> tuple[Committee, CommitteeAccess]:
    """The committee and what the user may do with it; 404 when they may not see it."""
    committee = (
        Committee.objects.select_related("organisation", "municipality", "strategy")
        .filter(pk=pk)
        .first()
    )
    if committee is None:
        raise Http404("No such committee")
    access = committee_access(user, committee)
    if not access.view:
        raise Http404("No such committee")
    return committee, access


def session_get(*, user: Any, pk: int) -> tuple[Session, CommitteeAccess]:
    session = (
        Session.objects.select_related(
            "committee__organisation", "committee__municipality", "presided_by", "secretary"
        )
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise Http404("No such session")
    access = committee_access(user, session.committee)
    if not access.view:
        raise Http404("No such session")
    return session, access


def commitment_get(*, user: Any, pk: int) -> tuple[Commitment, CommitteeAccess]:
    """A commitment for those who see its committee, and for its owner."""
    commitment = (
        Commitment.objects.select_related(
            "session__committee__municipality",
            "session__committee__organisation",
            "owner_organisation",
            "owner_user",
            "agenda_item",
            "component",
            "programme",
            "indicator",
        )
        .filter(pk=pk)
        .first()
    )
    if commitment is None:
        raise Http404("No such commitment")
    access = committee_access(user, commitment.session.committee)
    is_owner = getattr(user, "is_authenticated", False) and commitment.owner_user_id == user.pk
    if not access.view and not is_owner:
        raise Http404("No such commitment")
    return commitment, access


def sessions_visible(user: Any) -> QuerySet[Session]:
    return Session.objects.filter(committee__in=committees_visible(user).values("pk"))


def commitments_visible(user: Any) -> QuerySet[Commitment]:
    mine = Q(owner_user=user) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    return Commitment.objects.filter(
        Q(session__committee__in=committees_visible(user).values("pk")) | mine
    ).select_related("session__committee", "owner_organisation")


def members_on(committee: Committee, day: date) -> list[CommitteeMember]:
    """Members whose seat covers the day, principals first, each followed by their alternates."""
    members = [
        m
        for m in committee.members.select_related("organisation", "user", "alternate_of")
        if m.active_on(day)
    ]
    principals = [m for m in members if m.alternate_of_id is None]
    ordered: list[CommitteeMember] = []
    for principal in principals:
        ordered.append(principal)
        ordered.extend(m for m in members if m.alternate_of_id == principal.pk)
    ordered.extend(m for m in members if m.alternate_of_id and m not in ordered)
    return ordered


def quorum_of(session: Session) -> quorum.QuorumCheck:
    """The quorum of a session from its attendance and the members with vote on its date."""
    from redpaz.governance.measures import quorum_checks

    return quorum_checks([session])[session.pk]


@dataclass(frozen=True)
class AttendanceRow:
    """A member in the attendance list of a session, with their current mark."""

    member: CommitteeMember
    status: str  # "" when not yet marked


def attendance_rows(session: Session) -> list[AttendanceRow]:
    marks = {a.member_id: a.status for a in session.attendance.all() if a.member_id}
    return [
        AttendanceRow(member, marks.get(member.pk, ""))
        for member in members_on(session.committee, session.date)
    ]


def next_session(committee: Committee, after: date | None = None) -> Session | None:
    """The committee's next planned session from ``after`` (today) on."""
    day = after or timezone.localdate()
    return (
        committee.sessions.filter(status=Session.Status.PLANNED, starts_at__date__gte=day)
        .order_by("starts_at")
        .first()
    )


def previous_session(session: Session) -> Session | None:
    return (
        session.committee.sessions.exclude(status=Session.Status.CANCELLED)
        .filter(starts_at__lt=session.starts_at)
        .order_by("-starts_at")
        .first()
    )


def session_detail(session: Session) -> Session:
    """The session with what its page and its minutes show, in few queries."""
    return (
        Session.objects.select_related(
            "committee__organisation",
            "committee__municipality",
            "committee__strategy",
            "presided_by__organisation",
            "secretary__organisation",
        )
        .prefetch_related(
            "agenda",
            Prefetch("attendance", queryset=Attendance.objects.select_related("member")),
            "decisions",
            Prefetch(
                "commitments",
                queryset=Commitment.objects.select_related(
                    "owner_organisation", "agenda_item", "owner_user"
                ).order_by("due_date", "id"),
            ),
            "attachments",
        )
        .get(pk=session.pk)
    )


def bodies_visible(user: Any, municipality: Any) -> QuerySet[ParticipationBody]:
    if not can_see_bodies(user, municipality):
        return ParticipationBody.objects.none()
    return ParticipationBody.objects.filter(municipality=municipality).select_related(
        "zone", "committee"
    )


def body_get(*, user: Any, pk: int) -> ParticipationBody:
    body = (
        ParticipationBody.objects.select_related("municipality", "zone", "committee")
        .filter(pk=pk)
        .first()
    )
    if body is None or not can_see_bodies(user, body.municipality):
        raise Http404("No such body")
    return body
