"""Staff see their programme's participants only; field workers their zone; donors counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from redpaz.accounts.models import User
from redpaz.accounts.roles import Role
from tests.factories import comuna, member
from tests.participants.helpers import enrol, person, world
from tests.strategy.helpers import owner_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting() -> dict[str, Any]:
    w = world()
    in_a = person(document="111", given="Ana María", first="Ríos", second="Lozano")
    in_b = person(document="222", given="Brayan", first="Mosquera", second="Perea", zone="01")
    enrol(in_a, w.a)
    enrol(in_b, w.b)
    return {"world": w, "a": in_a, "b": in_b}


def _pages(code: str) -> list[str]:
    return [
        reverse("participants:person", args=[code]),
        reverse("participants:consent", args=[code]),
        reverse("participants:person-edit", args=[code]),
        f"/api/v1/participants/{code}/",
    ]


def test_staff_of_programme_a_cannot_read_programme_b_participants(
    setting: dict[str, Any], client_for: Any
) -> None:
    w, in_a, in_b = setting["world"], setting["a"], setting["b"]
    client = client_for(w.staff_a)
    for url in _pages(in_b.code):
        assert client.get(url).status_code == 404, url
    for url in _pages(in_a.code):
        assert client.get(url).status_code == 200, url
    listing = client.get(reverse("participants:home")).content.decode()
    assert in_a.code in listing and in_b.code not in listing
    api = client.get("/api/v1/participants/").json()
    assert [row["code"] for row in api["results"]] == [in_a.code]
    assert [e["programme"] for e in api["results"][0]["enrolments"]] == ["1.1"]
    export = client.get(reverse("participants:export", args=["csv"])).content.decode()
    assert in_a.code in export and in_b.code not in export
    # Asking for programme B by id gives nothing either.
    assert client.get(f"/api/v1/participants/?programme={w.b.pk}").json()["results"] == []


def test_staff_see_only_their_programmes_enrolments_of_a_shared_person(
    setting: dict[str, Any], client_for: Any
) -> None:
    w, in_a = setting["world"], setting["a"]
    enrol(in_a, w.c)
    page = client_for(w.staff_a).get(in_a.get_absolute_url()).content.decode()
    assert "Gestores" in page and "Jóvenes" not in page


def test_a_field_worker_sees_only_the_people_of_their_zone(
    setting: dict[str, Any], client_for: Any
) -> None:
    fiona = User.objects.create(username="fiona")
    member(fiona, Role.FIELD_WORKER, comuna("01"), organisation=owner_organisation())
    client = client_for(fiona)
    assert client.get(setting["b"].get_absolute_url()).status_code == 200
    assert client.get(setting["a"].get_absolute_url()).status_code == 404
    codes = [row["code"] for row in client.get("/api/v1/participants/").json()["results"]]
    assert codes == [setting["b"].code]


def test_a_donor_sees_counts_but_never_a_person(setting: dict[str, Any], client_for: Any) -> None:
    donna = User.objects.create(username="donna")
    member(donna, Role.READONLY, organisation=owner_organisation(), everywhere=True)
    client = client_for(donna)
    assert client.get(reverse("participants:home")).url == reverse("participants:counts")
    assert client.get(setting["a"].get_absolute_url()).status_code == 404
    assert client.get("/api/v1/participants/").json()["results"] == []
    assert client.get(reverse("participants:export", args=["csv"])).status_code == 403
    counts = client.get(reverse("participants:counts")).content.decode()
    assert "&lt;5" in counts  # two people: a small number, hidden
    assert setting["a"].code not in counts
    download = client.get(reverse("participants:counts") + "?format=csv").content.decode()
    assert "<5" in download and "Ana" not in download


def test_names_and_documents_never_appear_in_exports(
    setting: dict[str, Any], client_for: Any
) -> None:
    admin = User.objects.create(username="admin", is_superuser=True)
    client = client_for(admin)
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("participants:export", args=[fmt]))
        assert response.status_code == 200
    text = client.get(reverse("participants:export", args=["csv"])).content.decode()
    assert setting["a"].code in text and setting["b"].code in text
    for secret in ("Ana", "Ríos", "Brayan", "Mosquera", "111", "222"):
        assert secret not in text.replace(setting["a"].code, "").replace(setting["b"].code, "")


def test_an_account_without_participant_capabilities_is_refused(
    setting: dict[str, Any], client_for: Any
) -> None:
    nobody = User.objects.create(username="nobody")
    client = client_for(nobody)
    assert client.get(reverse("participants:home")).status_code == 403
    assert client.get(setting["a"].get_absolute_url()).status_code == 404
    assert client.get(reverse("participants:duplicates")).status_code == 403
