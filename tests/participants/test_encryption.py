"""Identity fields are encrypted at rest; the document number is never stored in clear."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import override_settings

from redpaz.participants import crypto, services
from redpaz.participants.models import Person
from tests.participants.helpers import person

pytestmark = pytest.mark.django_db

DOCUMENT = "1017234567"


def _raw_rows() -> list[tuple[object, ...]]:
    table = Person._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - a model's own table name
        return cursor.fetchall()


def test_the_database_holds_no_document_number_or_name_in_clear_text() -> None:
    person(document="1.017.234.567", given="Yuliana", first="Mosquera", second="Palacios")
    rows = _raw_rows()
    assert len(rows) == 1
    text = " ".join(str(value) for value in rows[0])
    for secret in (DOCUMENT, "1.017.234.567", "Yuliana", "Mosquera", "Palacios"):
        assert secret not in text


def test_it_finds_a_person_again_by_the_keyed_hash_of_the_document() -> None:
    juan = person(document="1.017.234.567")
    assert juan.document_hash == crypto.document_hash(DOCUMENT)
    assert services.living_with_document(" 1017234567 ") == juan
    with pytest.raises(ValidationError) as error:
        person(document=DOCUMENT, given="Otro")
    assert juan.code in error.value.message_dict["document_number"][0]


def test_it_decrypts_the_identity_for_those_who_may_read_it() -> None:
    juan = Person.objects.get(pk=person().pk)
    assert juan.identity.document_number == "1017234567"
    assert juan.identity.full_name == "Juan Camilo Pérez Gómez"


def test_a_new_key_decrypts_old_records_and_rotation_rehashes_them(settings: object) -> None:
    juan = person()
    old_hash = juan.document_hash
    with override_settings(PARTICIPANTS_KEYS="a-brand-new-secret," + crypto._secrets()[0]):
        from redpaz.participants.keys import rotate

        assert Person.objects.get(pk=juan.pk).identity.document_number == DOCUMENT
        assert rotate() == 1
        rotated = Person.objects.get(pk=juan.pk)
        assert rotated.document_hash != old_hash
        assert rotated.document_hash == crypto.document_hash(DOCUMENT)
        assert services.living_with_document(DOCUMENT) == rotated
    with override_settings(PARTICIPANTS_KEYS="a-brand-new-secret"):
        assert Person.objects.get(pk=juan.pk).identity.given_names == "Juan Camilo"


def test_a_guardian_authorises_for_a_minor() -> None:
    ana = person(document="99", given="Ana", birth=date(2012, 3, 3))
    consent = ana.consents.get()
    assert consent.given_by == "guardian"
    with pytest.raises(ValidationError) as error:
        services.consent_record(person=ana, purpose="x", given_on=date(2022, 1, 1), given_by="self")
    assert "given_by" in error.value.message_dict
