"""The sync API: a record sent twice is stored once, a stale edit is a conflict, zones bind."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from redpaz.fieldwork.models import FollowUp, Mediation
from tests.factories import comuna
from tests.fieldwork.helpers import mediator, payload

pytestmark = pytest.mark.django_db


def _put(client, record_uuid, body, kind="mediation"):  # type: ignore[no-untyped-def]
    url = reverse(f"fieldwork-{kind}-detail", args=[record_uuid])
    return client.put(url, body, content_type="application/json")


def test_it_creates_a_record_once_when_the_same_uuid_is_synced_twice(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mediator())
    record_uuid = uuid.uuid4()
    body = payload(comuna("01"), base_version=None)
    first = _put(client, record_uuid, body)
    second = _put(client, record_uuid, body)
    assert first.status_code == 201, first.content
    assert first.json()["sync_status"] == "created"
    assert second.status_code == 200
    assert second.json()["sync_status"] == "unchanged"
    assert second.json()["version"] == 1
    assert Mediation.objects.filter(uuid=record_uuid).count() == 1
    assert FollowUp.objects.filter(mediation__uuid=record_uuid).count() == 1


def test_it_applies_an_edit_based_on_the_current_version(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mediator())
    record_uuid = uuid.uuid4()
    _put(client, record_uuid, payload(comuna("01")))
    response = _put(
        client,
        record_uuid,
        payload(
            comuna("01"),
            base_version=1,
            outcome="de_escalated",
            follow_ups=[{"due_on": "2024-03-12", "done_on": "2024-03-11", "note": "Visita"}],
        ),
    )
    assert response.status_code == 200, response.content
    assert response.json()["sync_status"] == "updated"
    assert response.json()["version"] == 2
    stored = Mediation.objects.get(uuid=record_uuid)
    assert stored.outcome == "de_escalated"
    assert [(str(f.done_on), f.note) for f in stored.follow_ups.all()] == [("2024-03-11", "Visita")]


def test_it_answers_409_with_the_server_version_to_an_edit_of_a_stale_version(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mediator())
    record_uuid = uuid.uuid4()
    _put(client, record_uuid, payload(comuna("01")))
    # Another device changed it (version 2) ...
    _put(client, record_uuid, payload(comuna("01"), base_version=1, risk="medium"))
    # ... while this phone, offline, edited version 1.
    stale = _put(client, record_uuid, payload(comuna("01"), base_version=1, outcome="failed"))
    assert stale.status_code == 409
    server = stale.json()["server"]
    assert server["version"] == 2
    assert server["risk"] == "medium"
    assert server["outcome"] == "resolved"
    stored = Mediation.objects.get(uuid=record_uuid)
    assert (stored.version, stored.outcome) == (2, "resolved")
    # Keeping the phone's version: sent again on top of the server's.
    kept = _put(client, record_uuid, payload(comuna("01"), base_version=2, outcome="failed"))
    assert kept.status_code == 200
    assert kept.json()["version"] == 3


def test_a_new_record_whose_uuid_exists_with_other_content_is_a_conflict(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mediator())
    record_uuid = uuid.uuid4()
    _put(client, record_uuid, payload(comuna("01")))
    response = _put(client, record_uuid, payload(comuna("01"), outcome="failed"))
    assert response.status_code == 409
    assert Mediation.objects.get(uuid=record_uuid).outcome == "resolved"


def test_a_field_worker_cannot_write_outside_their_zones(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mediator("gestora", "01"))
    record_uuid = uuid.uuid4()
    response = _put(client, record_uuid, payload(comuna("13")))
    assert response.status_code == 403
    assert not Mediation.objects.filter(uuid=record_uuid).exists()


def test_a_record_cannot_be_moved_out_of_another_workers_zone(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mediator("gestor13", "13"))
    record_uuid = uuid.uuid4()
    assert _put(client, record_uuid, payload(comuna("13"))).status_code == 201
    client.force_login(mediator("gestora", "01"))
    moved = _put(client, record_uuid, payload(comuna("01"), base_version=1))
    assert moved.status_code == 403
    assert Mediation.objects.get(uuid=record_uuid).zone == comuna("13")


def test_people_without_the_capability_cannot_record(client, users) -> None:  # type: ignore[no-untyped-def]
    for user in (users.ana, users.donna, users.nobody):
        client.force_login(user)
        assert _put(client, uuid.uuid4(), payload(comuna("01"))).status_code == 403
    client.logout()
    assert _put(client, uuid.uuid4(), payload(comuna("01"))).status_code in (401, 403)


def test_it_rejects_invalid_records_naming_the_field(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mediator())
    response = _put(client, uuid.uuid4(), payload(comuna("01"), risk="apocalyptic"))
    assert response.status_code == 400
    assert set(response.json()) == {"risk"}
    half_point = _put(client, uuid.uuid4(), payload(comuna("01"), latitude=6.2))
    assert half_point.status_code == 400
    assert set(half_point.json()) == {"latitude"}
    assert not Mediation.objects.exists()


def test_a_field_worker_lists_only_their_own_and_supervisors_see_their_zones(client) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import municipality
    from tests.fieldwork.helpers import coordinator

    mine, other = mediator("gestora", "01"), mediator("gestor", "01")
    client.force_login(mine)
    _put(client, uuid.uuid4(), payload(comuna("01")))
    client.force_login(other)
    _put(client, uuid.uuid4(), payload(comuna("01")))
    listed = client.get(reverse("fieldwork-mediation-list")).json()
    assert listed["count"] == 1
    client.force_login(coordinator("coordinadora", municipality("05001")))
    assert client.get(reverse("fieldwork-mediation-list")).json()["count"] == 2
    client.force_login(coordinator("palmira", municipality("76520")))
    assert client.get(reverse("fieldwork-mediation-list")).json()["count"] == 0


def test_needs_and_interventions_sync_the_same_way(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mediator())
    need_uuid, intervention_uuid = uuid.uuid4(), uuid.uuid4()
    need = {
        "zone": comuna("01").pk,
        "identified_on": "2024-04-01",
        "category": "lighting",
        "description": "Parque sin luz",
        "dependency": "EPM",
        "status": "referred",
        "referred_on": "2024-04-02",
    }
    assert _put(client, need_uuid, need, "need").status_code == 201
    assert _put(client, need_uuid, need, "need").status_code == 200
    intervention = {
        "zone": comuna("01").pk,
        "date": "2024-05-10",
        "kind": "lighting",
        "quantity": 12,
        "latitude": 6.295,
        "longitude": -75.546,
        "participants_count": 30,
    }
    created = _put(client, intervention_uuid, intervention, "intervention")
    assert created.status_code == 201
    assert created.json()["precision"] == "approximate"
