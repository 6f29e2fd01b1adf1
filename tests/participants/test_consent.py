"""Ley 1581: a withdrawn or expired authorisation hides the person; requests leave a trace."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from redpaz.accounts.models import User
from redpaz.participants import services
from redpaz.participants.models import Consent, DataRequest, DuplicateCandidate, Person
from tests.participants.helpers import count, enrol, person, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin() -> User:
    return User.objects.create(username="admin", is_superuser=True)


def _listed(client: Any, code: str) -> dict[str, bool]:
    return {
        "list": code in client.get(reverse("participants:home")).content.decode(),
        "api": code in client.get("/api/v1/participants/").content.decode(),
        "csv": code in client.get(reverse("participants:export", args=["csv"])).content.decode(),
        "xlsx": client.get(reverse("participants:export", args=["xlsx"])).status_code == 200,
    }


def test_a_withdrawn_consent_removes_the_person_from_lists_and_exports(
    client_for: Any, admin: User
) -> None:
    w = world()
    juan = person()
    enrol(juan, w.a)
    staff = client_for(w.staff_a)
    assert _listed(staff, juan.code) == {"list": True, "api": True, "csv": True, "xlsx": True}
    response = staff.post(
        reverse("participants:consent", args=[juan.code]),
        {"action": "withdraw", "on": "2023-03-01", "note": "Llamada telefónica"},
    )
    assert response.status_code == 302
    assert _listed(staff, juan.code) == {"list": False, "api": False, "csv": False, "xlsx": True}
    assert staff.get(juan.get_absolute_url()).status_code == 404
    # The record the law requires stays for those who answer the person's requests.
    assert client_for(admin).get(juan.get_absolute_url()).status_code == 200
    assert _listed(client_for(admin), juan.code)["list"] is False
    # Figures already reported do not change.
    assert count(w.strategy).value == 1


def test_an_expired_consent_hides_the_person_too(client_for: Any) -> None:
    w = world()
    juan = person()
    enrol(juan, w.a)
    Consent.objects.filter(person=juan).update(expires_on=timezone.localdate() - timedelta(days=1))
    assert _listed(client_for(w.staff_a), juan.code)["list"] is False


def test_a_withdrawn_person_is_left_out_of_the_duplicate_review(
    client_for: Any, admin: User
) -> None:
    juan = person()
    twin = person(document="", given="Juan Kamilo")
    services.candidates_store(services.detect())
    pair = DuplicateCandidate.objects.get()
    client = client_for(admin)
    assert client.get(reverse("participants:duplicate", args=[pair.pk])).status_code == 200
    services.consent_withdraw(person=twin)
    assert client.get(reverse("participants:duplicate", args=[pair.pk])).status_code == 404
    assert juan.code not in client.get(reverse("participants:duplicates")).content.decode()


def test_an_access_request_shows_the_data_and_logs_the_reading(
    client_for: Any, admin: User
) -> None:
    juan = person()
    client = client_for(admin)
    client.post(
        reverse("participants:requests", args=[juan.code]),
        {"kind": "access", "received_on": "2024-05-02", "details": "Pide copia de sus datos"},
    )
    request = DataRequest.objects.get()
    assert request.due_on == date(2024, 5, 12)
    page = client.get(reverse("participants:request-answer", args=[juan.code, request.pk]))
    assert "1017234567" in page.content.decode()
    reads = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(juan.pk))
    assert reads.count() == 1 and reads.get().actor == admin
    client.post(
        reverse("participants:request-answer", args=[juan.code, request.pk]),
        {"answer": "Se entregó copia por correo certificado."},
    )
    request.refresh_from_db()
    assert request.status == "fulfilled" and request.fulfilled_by == admin


def test_a_deletion_request_erases_the_identity_and_keeps_the_anonymous_record(
    client_for: Any, admin: User
) -> None:
    w = world()
    juan = person()
    enrol(juan, w.a)
    request = services.request_record(person=juan, kind="deletion", received_on=date(2024, 1, 2))
    services.request_answer(request=request, answer="Datos suprimidos.", user=admin)
    juan = Person.objects.get(pk=juan.pk)
    assert juan.identity_token == "" and juan.document_hash == "" and juan.erased_at
    assert juan.identity.full_name == ""
    assert juan.consents.get().withdrawn_on is not None
    assert count(w.strategy).value == 1
    assert services.living_with_document("1017234567") is None
    # The same person may be registered again later with a new authorisation.
    person()


def test_the_audit_log_never_holds_identity_in_clear_text(client_for: Any, admin: User) -> None:
    juan = person(document="5550001", given="Yuliana", first="Mosquera")
    services.person_update(
        person=juan,
        identity=juan.identity.__class__(
            document_number="5550002", given_names="Yuliana Andrea", first_surname="Mosquera"
        ),
    )
    client_for(admin).get(juan.get_absolute_url() + "?identity=1")
    # (Mosquera is also a municipality: only the participants' entries are read.)
    entries = LogEntry.objects.filter(content_type__app_label="participants")
    assert entries.count() >= 3
    logged = " ".join(f"{entry.changes} {entry.object_repr}" for entry in entries)
    for secret in ("5550001", "5550002", "Yuliana", "Mosquera", juan.identity_token[:20]):
        assert secret not in logged
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == 1
    # The correction itself leaves a trace, without its content.
    assert entries.filter(changes__icontains="corrected").count() == 1
