"""Reads of participants, always through the access rules in access.py."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.http import Http404

from redpaz.participants import access
from redpaz.participants.crypto import document_hash
from redpaz.participants.models import Attendance, Enrolment, Person, Session
from redpaz.strategy.models import Programme, Strategy


def people_list(
    *,
    user: Any,
    programme: Programme | None = None,
    zone_id: int | None = None,
    search: str = "",
) -> QuerySet[Person]:
    """People the user may list (valid consent, not merged, not erased), filtered."""
    qs = Person.objects.filter(access.listable_filter(user))
    if programme is not None:
        qs = qs.filter(enrolments__programme=programme).distinct()
    if zone_id:
        qs = qs.filter(Q(zone_id=zone_id) | Q(zone__parent_id=zone_id))
    search = search.strip()
    if search:
        # A code, or a document number found by its keyed hash: never a search on names.
        qs = qs.filter(Q(code__iexact=search) | Q(document_hash=document_hash(search) or "-"))
    visible = Enrolment.objects.filter(access.enrolment_filter(user)).select_related(
        "programme", "stage"
    )
    return qs.select_related("zone").prefetch_related(
        Prefetch("enrolments", queryset=visible, to_attr="visible_enrolments")
    )


def person_get(*, user: Any, code: str) -> tuple[Person, access.PersonAccess]:
    """The person with this code if the user may open it; a merged code leads to the kept one."""
    person = (
        Person.objects.select_related("zone", "municipality", "merged_into")
        .filter(code=code)
        .first()
    )
    if person is None:
        raise Http404
    granted = access.person_access(user, person)
    if not granted.view:
        raise Http404
    return person, granted


def merged_into(code: str) -> Person | None:
    """The record a merged code now lives in (None if the code was not merged)."""
    absorbed = Person.objects.filter(code=code, merged_into__isnull=False).first()
    return absorbed.merged_into if absorbed is not None else None


def enrolments_of(*, user: Any, person: Person) -> QuerySet[Enrolment]:
    return (
        person.enrolments.filter(access.enrolment_filter(user))
        .select_related("programme__component__strategy", "stage", "registered_as")
        .prefetch_related("stage_entries__stage")
        .order_by("-enrolled_on")
    )


def hours_of(enrolments: Any) -> dict[int, Decimal]:
    """Hours attended per enrolment (dosage)."""
    rows = (
        Attendance.objects.filter(enrolment__in=enrolments)
        .values("enrolment_id")
        .annotate(hours=Sum("session__hours"))
    )
    return {row["enrolment_id"]: row["hours"] or Decimal(0) for row in rows}


def programmes_for(*, user: Any) -> QuerySet[Programme]:
    return (
        Programme.objects.filter(access.programme_filter(user))
        .select_related("component__strategy")
        .order_by("component__strategy__name", "component__order", "order", "code")
    )


def programme_get(*, user: Any, pk: int) -> Programme:
    programme = programmes_for(user=user).filter(pk=pk).first()
    if programme is None:
        raise Http404
    return programme


def sessions_for(*, user: Any) -> QuerySet[Session]:
    return Session.objects.filter(access.session_filter(user)).select_related(
        "activity__programme", "zone"
    )


def session_get(*, user: Any, pk: int) -> Session:
    session = sessions_for(user=user).filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def roster_for(*, user: Any, session: Session) -> QuerySet[Enrolment]:
    """The people expected at a session that the user may see, by pseudonymous code."""
    from redpaz.participants.services import session_roster

    listable = Person.objects.filter(access.listable_filter(user)).values("pk")
    return session_roster(session).filter(person__in=listable).order_by("person__code")


def strategies_with_participants(*, user: Any) -> QuerySet[Strategy]:
    """Strategies whose counts the user may read (the strategy pages' own scope)."""
    from redpaz.strategy.selectors import strategies_visible

    with_people = Enrolment.objects.values("programme__component__strategy_id")
    return strategies_visible(user).filter(pk__in=with_people)


def counts_table(*, strategy: Strategy, start: date, end: date) -> dict[str, Any]:
    """Distinct people by component, programme, sex, age group, ethnicity and zone."""
    from redpaz.participants.counts import ROW_FIELDS, active_enrolments, breakdown

    qs = active_enrolments(strategy=strategy, start=start, end=end)
    rows = list(qs.values_list(*ROW_FIELDS))
    targets = {z.pk: z for z in strategy.target_zones.all()}
    people, by_dimension = breakdown(rows, targets)
    by_programme: dict[str, set[int]] = defaultdict(set)
    for person, code in qs.values_list("person_id", "programme__code"):
        by_programme[code].add(person)
    by_dimension["programme"] = {k: Decimal(len(v)) for k, v in by_programme.items()}
    return {"total": len(people), "by": by_dimension}
