"""Who sees and runs what: each role against the governance pages, feeds and API."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from redpaz.accounts.roles import Role
from redpaz.governance import services
from tests.factories import comuna, municipality
from tests.governance.helpers import committee, held_session, person, principals

pytestmark = pytest.mark.django_db


@pytest.fixture
def private() -> Any:
    body = committee(name="Consejo de seguridad (privado)")
    session = held_session(body, date(2024, 5, 14))
    commitment = services.commitment_create(
        session=session,
        description="Revisar el caso de amenaza",
        due_date=date(2024, 6, 1),
        owner_member=principals(body)[1],
    )
    return {"committee": body, "session": session, "commitment": commitment}


def _urls(data: dict[str, Any]) -> list[str]:
    body, session, commitment = data["committee"], data["session"], data["commitment"]
    return [
        body.get_absolute_url(),
        session.get_absolute_url(),
        reverse("governance:session-acta", args=[session.pk]),
        commitment.get_absolute_url(),
    ]


def test_an_analyst_of_the_municipality_sees_and_runs_a_private_committee(
    client_for: Any, users: Any, private: dict[str, Any]
) -> None:
    client = client_for(users.ana)
    for url in _urls(private):
        assert client.get(url).status_code == 200, url
    edit = reverse("governance:committee-edit", args=[private["committee"].pk])
    assert client.get(edit).status_code == 200


@pytest.mark.parametrize("name", ["pablo", "fiona", "donna", "nobody"])
def test_others_do_not_learn_a_private_committee_exists(
    client_for: Any, users: Any, private: dict[str, Any], name: str
) -> None:
    client = client_for(getattr(users, name))
    for url in _urls(private):
        assert client.get(url).status_code == 404, (name, url)
    listing = client.get(reverse("governance:commitments")).content.decode()
    assert "Revisar el caso de amenaza" not in listing
    api = client.get("/api/v1/committees/").json()
    assert api["count"] == 0


def test_a_public_committee_is_seen_by_read_only_roles_in_scope_but_not_run(
    client_for: Any, users: Any, private: dict[str, Any]
) -> None:
    body = private["committee"]
    services.committee_update(committee=body, is_public=True, zones=[comuna("01")])
    for name in ("donna", "fiona"):
        client = client_for(getattr(users, name))
        assert client.get(body.get_absolute_url()).status_code == 200, name
        edit = reverse("governance:committee-edit", args=[body.pk])
        assert client.get(edit).status_code == 403, name
        held = reverse("governance:session-action", args=[private["session"].pk, "cancel"])
        assert client.post(held, {"cancel_reason": "x"}).status_code == 403, name
    # Palmira's analyst covers another municipality.
    assert client_for(users.pablo).get(body.get_absolute_url()).status_code == 404


def test_a_member_without_any_role_sees_their_committee_and_its_chair_runs_it(
    client_for: Any, private: dict[str, Any]
) -> None:
    body = private["committee"]
    member = person("mario")
    chair = person("carla")
    services.member_add(committee=body, user=member, position="Delegado de la comunidad")
    services.member_update(member=body.members.get(role="chair"), user=chair)
    edit = reverse("governance:committee-edit", args=[body.pk])
    assert client_for(member).get(body.get_absolute_url()).status_code == 200
    assert client_for(member).get(edit).status_code == 403
    assert client_for(chair).get(edit).status_code == 200
    # When the seat ends, so does the access.
    seat = body.members.get(user=member)
    services.member_update(member=seat, start=date(2020, 1, 1), end=date(2024, 12, 31))
    assert client_for(member).get(body.get_absolute_url()).status_code == 404


def test_an_owner_outside_the_committee_sees_and_updates_only_their_commitment(
    client_for: Any, private: dict[str, Any]
) -> None:
    owner = person("omar", Role.PROGRAMME_STAFF, municipality("76520"))
    commitment = private["commitment"]
    commitment.owner_user = owner
    commitment.save(update_fields=["owner_user"])
    client = client_for(owner)
    assert client.get(commitment.get_absolute_url()).status_code == 200
    assert client.get(private["session"].get_absolute_url()).status_code == 404
    response = client.post(
        commitment.get_absolute_url(), {"status": "in_progress", "due_date": "2024-06-01"}
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == "overdue"  # work started, still past its due date
    stranger = client_for(person("sonia", Role.ANALYST, municipality("76520")))
    assert stranger.get(commitment.get_absolute_url()).status_code == 404


def test_creating_committees_needs_governance_manage_in_the_municipality(
    client_for: Any, users: Any
) -> None:
    assert client_for(users.fiona).get(reverse("governance:committee-create")).status_code == 403
    medellin = municipality("05001")
    url = reverse("governance:committee-create") + f"?municipality={medellin.pk}"
    # Palmira's analyst is offered only Palmira: Medellín goes back to the choice.
    assert "Medellín" not in client_for(users.pablo).get(url).content.decode()


def test_the_api_answers_with_the_same_access(
    client_for: Any, users: Any, private: dict[str, Any]
) -> None:
    client = client_for(users.ana)
    committees = client.get("/api/v1/committees/").json()
    assert [c["name"] for c in committees["results"]] == ["Consejo de seguridad (privado)"]
    sessions = client.get(
        "/api/v1/committee-sessions/", {"committee": private["committee"].pk}
    ).json()
    assert sessions["results"][0]["quorum"]["reached"] is True
    assert sessions["results"][0]["acta"] == "001-2024"
    commitment = private["commitment"]
    done = client.post(
        f"/api/v1/commitments/{commitment.pk}/follow-up/",
        {"status": "done", "evidence": "Informe entregado"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    refused = client.post(
        f"/api/v1/commitments/{commitment.pk}/follow-up/",
        {"status": "cancelled"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    stranger = client_for(users.pablo)
    assert stranger.get(f"/api/v1/commitments/{commitment.pk}/").status_code == 404
