"""Duplicate detection and merges: one person, one record, every count right after a merge."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from redpaz.analysis.people_matching import Match, PersonRecord, find_duplicates, near_dates
from redpaz.participants.crypto import unseal
from redpaz.participants.models import DuplicateCandidate, Enrolment, Merge, Person
from redpaz.participants.services.recompute import participants_changed


def _records(rows: Iterable[tuple[Any, ...]]) -> list[PersonRecord]:
    """Matcher records from (pk, identity token, birth date, zone, sex) rows."""
    records = []
    for pk, token, birth_date, zone_id, sex in rows:
        identity = unseal(token)
        records.append(
            PersonRecord(
                id=pk,
                given_names=identity.given_names,
                surnames=identity.surnames,
                birth_date=birth_date,
                zone=zone_id,
                sex=sex,
            )
        )
    return records


def _living() -> Any:
    # Plain rows, not model instances: the whole register may be read at once.
    return Person.objects.filter(merged_into__isnull=True, erased_at__isnull=True)


_COLUMNS = ("pk", "identity_token", "birth_date", "zone_id", "sex")


def detect(*, new_ids: Iterable[int] | None = None) -> list[Match]:
    """Probable duplicates among living records (only pairs touching ``new_ids`` if given).

    With ``new_ids``, only the records born on the days a match allows (the same day, or one
    typing slip away) are decrypted and compared, so an import into a large register stays
    quick."""
    if new_ids is None:
        return find_duplicates(_records(_living().values_list(*_COLUMNS).iterator(chunk_size=5000)))
    fresh = list(new_ids)
    births = _living().filter(pk__in=fresh).values_list("birth_date", flat=True)
    days: list[date] = sorted(set().union(*(near_dates(b) for b in births if b is not None)))
    if not days:
        return []
    # Only records born on a day ``compare`` could accept are read and decrypted.
    rows: list[tuple[Any, ...]] = []
    for start in range(0, len(days), 5000):
        rows.extend(
            _living()
            .filter(birth_date__in=days[start : start + 5000])
            .values_list(*_COLUMNS)
            .iterator(chunk_size=5000)
        )
    return find_duplicates(_records(rows), new_ids=fresh)


@transaction.atomic
def candidates_store(matches: Iterable[Match], *, batch: Any = None) -> int:
    """Keep the pairs for review (a pair already decided is not asked again)."""
    rows = [
        DuplicateCandidate(
            first_id=m.a, second_id=m.b, score=m.score, reasons=list(m.reasons), batch=batch
        )
        for m in matches
    ]
    created = DuplicateCandidate.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    return len(created)


@transaction.atomic
def person_merge(*, kept: Person, absorbed: Person, user: Any = None, reason: str = "") -> Merge:
    """Make ``absorbed`` part of ``kept``: its enrolments (with their attendance) and
    authorisations move to the kept record, which keeps its own code; the absorbed record stays,
    pointing to the kept one, with its identity, so both histories are kept."""
    kept = Person.objects.select_for_update().get(pk=kept.pk)
    absorbed = Person.objects.select_for_update().get(pk=absorbed.pk)
    if kept.pk == absorbed.pk:
        raise ValidationError(_("A record cannot be merged with itself."))
    if kept.merged_into_id or absorbed.merged_into_id:
        raise ValidationError(_("One of the records was already merged."))
    enrolments = list(absorbed.enrolments.values_list("pk", flat=True))
    consents = list(absorbed.consents.values_list("pk", flat=True))
    Enrolment.objects.filter(pk__in=enrolments, registered_as__isnull=True).update(
        registered_as=absorbed
    )
    Enrolment.objects.filter(pk__in=enrolments).update(person=kept)
    absorbed.consents.update(person=kept)
    # Records merged into the absorbed one earlier now point straight to the kept one.
    Person.objects.filter(merged_into=absorbed).update(merged_into=kept)
    absorbed.merged_into = kept
    absorbed.save(update_fields=["merged_into"])
    if not kept.document_hash and absorbed.document_hash:
        # The kept record takes the document (the absorbed one keeps it in its history).
        kept.document_hash = absorbed.document_hash
        kept.save(update_fields=["document_hash"])
    first, second = sorted((kept.pk, absorbed.pk))
    DuplicateCandidate.objects.filter(first_id=first, second_id=second).update(
        status=DuplicateCandidate.Status.MERGED, decided_by=_user(user), decided_at=timezone.now()
    )
    # Other pending pairs of the absorbed record are asked again about the kept one.
    DuplicateCandidate.objects.filter(
        Q(first=absorbed) | Q(second=absorbed), status=DuplicateCandidate.Status.PENDING
    ).delete()
    participants_changed(
        Enrolment.objects.filter(person=kept).values_list(
            "programme__component__strategy_id", flat=True
        )
    )
    return Merge.objects.create(
        kept=kept,
        absorbed=absorbed,
        moved={"enrolments": enrolments, "consents": consents},
        reason=reason,
        merged_by=_user(user),
    )


@transaction.atomic
def candidate_dismiss(*, candidate: DuplicateCandidate, user: Any = None) -> DuplicateCandidate:
    candidate.status = DuplicateCandidate.Status.DISTINCT
    candidate.decided_by = _user(user)
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])
    return candidate


def _user(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None
