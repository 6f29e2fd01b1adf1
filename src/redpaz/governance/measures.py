"""How committees work, measured: sessions held against those due, attendance of members with
vote, commitments met on time. The strategy's indicators, a committee's page and the
assessments of participation bodies read the same figures from here.

Definitions (repeated in the user guide):

* a session is **due** when it is an ordinary session (from the meeting rule, or called as
  ordinary) dated in the span and not after today; it is **held** when it was recorded as held.
  A cancelled session is due and not held. Extraordinary sessions are counted apart;
* **attendance** is the share of seats with vote present (principal or alternate) over the
  sessions held in the span;
* a commitment is **due** when its due date is in the span and not after today and it was not
  cancelled; it was **met on time** when it was done on or before its due date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from redpaz.governance import quorum
from redpaz.governance.models import Attendance, Commitment, Committee, CommitteeMember, Session

HUNDRED = Decimal(100)


def quorum_checks(sessions: Iterable[Session]) -> dict[int, quorum.QuorumCheck]:
    """The quorum of each session, with two queries whatever the number of sessions."""
    sessions = list(sessions)
    committee_ids = {s.committee_id for s in sessions}
    members: dict[int, list[CommitteeMember]] = defaultdict(list)
    for member in CommitteeMember.objects.filter(committee_id__in=committee_ids):
        members[member.committee_id].append(member)
    present: dict[int, set[int]] = defaultdict(set)
    for session_id, member_id in Attendance.objects.filter(
        session__in=[s.pk for s in sessions],
        status=Attendance.Status.PRESENT,
        member__isnull=False,
    ).values_list("session_id", "member_id"):
        present[session_id].add(member_id)
    rules = {
        c.pk: (c.quorum_rule, c.quorum_fixed)
        for c in Committee.objects.filter(pk__in=committee_ids).only("quorum_rule", "quorum_fixed")
    }
    checks = {}
    for session in sessions:
        day = session.date
        active = [m for m in members[session.committee_id] if m.active_on(day)]
        here = present[session.pk]
        seats = []
        for principal in active:
            if (
                principal.alternate_of_id is not None
                or not principal.has_vote
                or principal.role == CommitteeMember.Role.GUEST
            ):
                continue
            stand_in = principal.pk not in here and any(
                m.pk in here for m in active if m.alternate_of_id == principal.pk
            )
            seats.append(
                quorum.Seat(principal.pk, principal.pk in here or stand_in, by_alternate=stand_in)
            )
        rule, fixed = rules[session.committee_id]
        checks[session.pk] = quorum.check(rule, seats, fixed)
    return checks


def _ratio(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) * HUNDRED / Decimal(denominator)).quantize(Decimal("0.01"))


@dataclass
class Performance:
    """Figures of one or more committees over a span of dates."""

    start: date
    end: date
    sessions_due: int = 0
    sessions_held: int = 0
    sessions_cancelled: int = 0
    extraordinary_held: int = 0
    seats: int = 0  # seats with vote, summed over the sessions held
    seats_present: int = 0
    commitments_due: int = 0
    commitments_met_on_time: int = 0
    commitments_late: int = 0  # done after their due date
    due_session_ids: list[int] = field(default_factory=list)
    held_session_ids: list[int] = field(default_factory=list)
    due_commitment_ids: list[int] = field(default_factory=list)

    @property
    def held_rate(self) -> Decimal | None:
        return _ratio(self.sessions_held, self.sessions_due)

    @property
    def attendance_rate(self) -> Decimal | None:
        return _ratio(self.seats_present, self.seats)

    @property
    def met_on_time_rate(self) -> Decimal | None:
        return _ratio(self.commitments_met_on_time, self.commitments_due)

    def add(self, other: Performance) -> None:
        for name in _COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.due_session_ids += other.due_session_ids
        self.held_session_ids += other.held_session_ids
        self.due_commitment_ids += other.due_commitment_ids


_COUNTS = (
    "sessions_due",
    "sessions_held",
    "sessions_cancelled",
    "extraordinary_held",
    "seats",
    "seats_present",
    "commitments_due",
    "commitments_met_on_time",
    "commitments_late",
)
SESSIONS, ATTENDANCE, COMMITMENTS = "sessions", "attendance", "commitments"
EVERYTHING = frozenset({SESSIONS, ATTENDANCE, COMMITMENTS})


def performance_by_committee(
    committee_ids: Iterable[int],
    start: date,
    end: date,
    *,
    today: date | None = None,
    what: frozenset[str] = EVERYTHING,
) -> dict[int, Performance]:
    """The figures of each committee, with a handful of queries whatever their number (the
    strategy's indicators break them down by zone from these)."""
    today = today or timezone.localdate()
    ids = list(committee_ids)
    found = {pk: Performance(start=start, end=end) for pk in ids}
    last = min(end, today)
    if last < start or not ids:
        return found
    if what & {SESSIONS, ATTENDANCE}:
        sessions = list(
            Session.objects.filter(
                committee_id__in=ids, starts_at__date__gte=start, starts_at__date__lte=last
            ).order_by("starts_at")
        )
        held = [s for s in sessions if s.status == Session.Status.HELD]
        for session in sessions:
            figures = found[session.committee_id]
            if session.kind == Session.Kind.ORDINARY:
                figures.sessions_due += 1
                figures.due_session_ids.append(session.pk)
                if session.status == Session.Status.HELD:
                    figures.sessions_held += 1
                elif session.status == Session.Status.CANCELLED:
                    figures.sessions_cancelled += 1
            elif session.status == Session.Status.HELD:
                figures.extraordinary_held += 1
            if session.status == Session.Status.HELD:
                figures.held_session_ids.append(session.pk)
        if ATTENDANCE in what:
            by_id = {s.pk: s for s in held}
            for session_id, check in quorum_checks(held).items():
                figures = found[by_id[session_id].committee_id]
                figures.seats += check.seats
                figures.seats_present += check.present
    if COMMITMENTS in what:
        commitments = Commitment.objects.filter(
            session__committee_id__in=ids, due_date__gte=start, due_date__lte=last
        ).exclude(status=Commitment.Status.CANCELLED)
        for pk, committee_id, status, due, completed in commitments.values_list(
            "pk", "session__committee_id", "status", "due_date", "completed_on"
        ):
            figures = found[committee_id]
            figures.commitments_due += 1
            figures.due_commitment_ids.append(pk)
            if status == Commitment.Status.DONE and completed is not None:
                if completed <= due:
                    figures.commitments_met_on_time += 1
                else:
                    figures.commitments_late += 1
    return found


def combine(parts: Iterable[Performance], start: date, end: date) -> Performance:
    total = Performance(start=start, end=end)
    for part in parts:
        total.add(part)
    return total


def performance(
    committees: QuerySet[Committee] | Iterable[Committee],
    start: date,
    end: date,
    *,
    today: date | None = None,
    what: frozenset[str] = EVERYTHING,
) -> Performance:
    """Sessions, attendance and commitments of the committees from ``start`` to ``end``."""
    parts = performance_by_committee([c.pk for c in committees], start, end, today=today, what=what)
    return combine(parts.values(), start, end)
