"""Writes for people: registration, identity corrections, consent, requests, erasure."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from redpaz.participants.audit import log_identity_change
from redpaz.participants.crypto import Identity, document_hash, seal
from redpaz.participants.models import Consent, DataRequest, Person
from redpaz.territory.models import Territory

# Ley 1581 de 2012, arts. 14 and 15: working days to answer (calendar days here, to be safe).
ANSWER_DAYS: dict[str, int] = {
    DataRequest.Kind.ACCESS: 10,
    DataRequest.Kind.CORRECTION: 15,
    DataRequest.Kind.DELETION: 15,
    DataRequest.Kind.WITHDRAWAL: 15,
}


def _municipality_of(zone: Territory | None, municipality: Territory | None) -> Territory:
    if municipality is not None:
        return municipality
    if zone is None:
        raise ValidationError({"zone": _("Give the zone or at least the municipality.")})
    from redpaz.territory.models import Level

    return Territory.objects.get(
        level=Level.MUNICIPALITY, code=zone.municipality_code, boundary_set=None
    )


def living_with_document(number: str) -> Person | None:
    """The living record holding this document number (exact match on its keyed hash)."""
    digest = document_hash(number)
    if not digest:
        return None
    return Person.objects.filter(document_hash=digest, merged_into__isnull=True).first()


@transaction.atomic
def person_register(
    *,
    identity: Identity,
    birth_date: date | None,
    zone: Territory | None = None,
    municipality: Territory | None = None,
    user: Any = None,
    consent: dict[str, Any] | None = None,
    **attributes: Any,
) -> Person:
    """Register a person; refuse a document number that a living record already holds."""
    existing = living_with_document(identity.document_number)
    if existing is not None:
        raise ValidationError(
            {
                "document_number": _("This document is already registered as %(code)s.")
                % {"code": existing.code}
            },
            code="duplicate_document",
        )
    person = Person(
        identity_token=seal(identity),
        document_hash=document_hash(identity.document_number),
        birth_date=birth_date,
        zone=zone,
        municipality=_municipality_of(zone, municipality),
        created_by=user if getattr(user, "is_authenticated", False) else None,
        **attributes,
    )
    person.full_clean(exclude=["code", "identity_token", "document_hash"])
    person.save()
    if consent:
        consent_record(person=person, user=user, **consent)
    return person


@transaction.atomic
def person_update(
    *, person: Person, user: Any = None, identity: Identity | None = None, **attributes: Any
) -> Person:
    """Correct a person's data (a correction request, or a field worker's fix)."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if identity is not None:
        digest = document_hash(identity.document_number)
        if (
            digest
            and Person.objects.filter(document_hash=digest, merged_into__isnull=True)
            .exclude(pk=person.pk)
            .exists()
        ):
            raise ValidationError(
                {"document_number": _("This document is already registered to another person.")}
            )
        person.identity_token = seal(identity)
        person.document_hash = digest
        person.__dict__.pop("_identity", None)
    for name, value in attributes.items():
        setattr(person, name, value)
    if "zone" in attributes and attributes["zone"] is not None:
        person.municipality = _municipality_of(attributes["zone"], None)
    person.full_clean(exclude=["code", "identity_token", "document_hash"])
    person.save()
    if identity is not None:
        log_identity_change(person, user)
    return person


@transaction.atomic
def consent_record(
    *,
    person: Person,
    purpose: str,
    given_on: date,
    user: Any = None,
    legal_basis: str = Consent.LegalBasis.CONSENT,
    form: str = Consent.Form.WRITTEN,
    given_by: str = "",
    expires_on: date | None = None,
    guardian_name: str = "",
) -> Consent:
    """Record an authorisation; a minor's must be given by a parent or guardian."""
    age = person.age_on(given_on)
    if not given_by:
        given_by = (
            Consent.GivenBy.GUARDIAN if age is not None and age < 18 else Consent.GivenBy.SELF
        )
    if age is not None and age < 18 and given_by != Consent.GivenBy.GUARDIAN:
        raise ValidationError(
            {"given_by": _("The person is a minor: the authorisation is their guardian's.")}
        )
    if guardian_name:
        person_update(
            person=person, user=user, identity=replace(person.identity, guardian_name=guardian_name)
        )
    consent = Consent(
        person=person,
        purpose=purpose,
        given_on=given_on,
        legal_basis=legal_basis,
        form=form,
        given_by=given_by,
        expires_on=expires_on,
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(
    *, person: Person, on: date | None = None, note: str = "", user: Any = None
) -> int:
    """Withdraw every authorisation in force: the person leaves every list and export."""
    on = on or timezone.localdate()
    return Consent.objects.filter(person=person, withdrawn_on__isnull=True).update(
        withdrawn_on=on, withdrawal_note=note or _("Withdrawn by the person.")
    )


@transaction.atomic
def request_record(
    *, person: Person, kind: str, received_on: date, details: str = "", user: Any = None
) -> DataRequest:
    request = DataRequest(
        person=person,
        kind=kind,
        received_on=received_on,
        due_on=received_on + timedelta(days=ANSWER_DAYS.get(kind, 15)),
        details=details,
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def request_answer(
    *,
    request: DataRequest,
    answer: str,
    user: Any = None,
    reject: bool = False,
    on: date | None = None,
) -> DataRequest:
    """Answer a request; a fulfilled withdrawal or deletion acts on the data at once."""
    if request.status != DataRequest.Status.OPEN:
        raise ValidationError(_("This request was already answered."))
    if not (answer or "").strip():
        raise ValidationError({"answer": _("Say what was answered and done.")})
    on = on or timezone.localdate()
    if not reject:
        if request.kind in (DataRequest.Kind.WITHDRAWAL, DataRequest.Kind.DELETION):
            consent_withdraw(person=request.person, on=on, note=answer, user=user)
        if request.kind == DataRequest.Kind.DELETION:
            person_erase(person=request.person, user=user)
    request.status = DataRequest.Status.REJECTED if reject else DataRequest.Status.FULFILLED
    request.answer = answer.strip()
    request.fulfilled_on = on
    request.fulfilled_by = user if getattr(user, "is_authenticated", False) else None
    request.save(update_fields=["status", "answer", "fulfilled_on", "fulfilled_by"])
    return request


@transaction.atomic
def person_erase(*, person: Person, user: Any = None) -> Person:
    """Delete who the person is; their anonymous record (code, attendance) stays for the counts
    already reported."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    person.identity_token = ""
    person.document_hash = ""
    person.erased_at = timezone.now()
    person.__dict__.pop("_identity", None)
    person.save(update_fields=["identity_token", "document_hash", "erased_at"])
    return person


def identity_summary(person: Person) -> dict[str, str]:
    """The decrypted identity as a dict (answer to an access request)."""
    return {k: v for k, v in asdict(person.identity).items() if v}
