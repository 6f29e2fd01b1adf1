"""The audit trail page: who changed what, shown to those allowed to audit."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.factories import comuna

pytestmark = pytest.mark.django_db


def _rename(client: Any, pk: int, name: str) -> None:
    assert client.post(reverse("territory:rename", args=[pk]), {"name": name}).status_code == 302


def test_an_administrator_reads_who_changed_what(users: Any, client_for: Any) -> None:
    _rename(client_for(users.ana), comuna("14").pk, "El Poblado (C14)")
    page = client_for(users.alice).get(reverse("accounts:audit-log")).content.decode()
    assert "El Poblado (C14)" in page
    assert ">ana<" in page


def test_the_audit_trail_needs_the_capability(users: Any, client_for: Any) -> None:
    assert client_for(users.ana).get(reverse("accounts:audit-log")).status_code == 403
    assert client_for(users.donna).get(reverse("accounts:audit-log")).status_code == 200


def test_an_auditor_sees_only_what_their_own_organisations_did(users: Any, client_for: Any) -> None:
    _rename(client_for(users.ana), comuna("14").pk, "El Poblado (C14)")
    page = client_for(users.donna).get(reverse("accounts:audit-log")).content.decode()
    # Ana works for Medellín's secretariat, not for the donor's agency.
    assert "El Poblado (C14)" not in page


def test_the_trail_filters_by_person(users: Any, client_for: Any) -> None:
    _rename(client_for(users.ana), comuna("14").pk, "El Poblado (C14)")
    _rename(client_for(users.alice), comuna("15").pk, "Guayabal (C15)")
    page = client_for(users.alice).get(reverse("accounts:audit-log"), {"actor": "ana"})
    text = page.content.decode()
    assert "El Poblado (C14)" in text and "Guayabal (C15)" not in text
