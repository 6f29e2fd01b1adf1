"""A high or imminent risk of escalation tells the zone's coordinators at once and goes on the
agenda of the territorial committee of the zone."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from redpaz.fieldwork.models import Mediation
from redpaz.governance import services as governance
from redpaz.notifications.models import Notification
from tests.factories import comuna, municipality
from tests.fieldwork.helpers import coordinator, mediator, payload
from tests.governance.helpers import committee

pytestmark = pytest.mark.django_db


def test_an_imminent_risk_notifies_the_coordinator_and_reaches_the_committee_agenda(
    client,  # type: ignore[no-untyped-def]
) -> None:
    boss = coordinator("coordinadora", municipality("05001"))
    comuna_boss = coordinator("coordinador1", comuna("01"))
    elsewhere = coordinator("coordinador13", comuna("13"))
    palmira = coordinator("palmira", municipality("76520"))
    cot = committee(name="COT Popular", zones=(comuna("01"),))
    session = governance.session_create(
        committee=cot, day=timezone.localdate() + timedelta(days=5), kind="ordinary"
    )
    client.force_login(mediator("gestora", "01"))
    record_uuid = uuid.uuid4()
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    body = payload(
        comuna("01"),
        occurred_at=now,
        risk="imminent",
        conflict_type="retaliation",
        weapons_involved=True,
        outcome="ongoing",
    )
    response = client.put(
        reverse("fieldwork-mediation-detail", args=[record_uuid]),
        body,
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    mediation = Mediation.objects.get(uuid=record_uuid)
    assert mediation.alerted_at is not None

    told = Notification.objects.filter(kind="fieldwork_alert")
    assert set(told.values_list("recipient__username", flat=True)) == {
        boss.username,
        comuna_boss.username,
    }
    notice = told.get(recipient=boss)
    assert notice.title == "Riesgo inminente de escalamiento en Popular"
    assert "armas" in notice.body and "Retaliación" in notice.body
    assert notice.url == mediation.get_absolute_url()
    assert {m.to[0] for m in mail.outbox} == {boss.email, comuna_boss.email}
    assert not Notification.objects.filter(recipient__in=[elsewhere, palmira]).exists()

    # Synced again (a retry) or edited: nobody is told twice.
    client.put(
        reverse("fieldwork-mediation-detail", args=[record_uuid]),
        {**body, "base_version": 1, "outcome": "de_escalated"},
        content_type="application/json",
    )
    assert told.count() == 2

    added = governance.agenda_refresh(session=session)
    item = next(i for i in added if i.kind == "field_alert")
    assert item.title == "Riesgo inminente de escalamiento en Popular: Retaliación"
    assert item.url == mediation.get_absolute_url()
    # The coordinator opens it from the notice.
    client.force_login(boss)
    page = client.get(notice.url)
    assert page.status_code == 200
    assert "Retaliación" in page.content.decode()


def test_low_risk_records_alert_nobody_and_stay_off_other_committees_agendas(client) -> None:  # type: ignore[no-untyped-def]
    coordinator("coordinadora", municipality("05001"))
    other = committee(name="COT San Javier", zones=(comuna("13"),))
    session = governance.session_create(
        committee=other, day=timezone.localdate() + timedelta(days=5), kind="ordinary"
    )
    client.force_login(mediator("gestora", "01"))
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    for risk in ("low", "high"):
        client.put(
            reverse("fieldwork-mediation-detail", args=[uuid.uuid4()]),
            payload(comuna("01"), occurred_at=now, risk=risk),
            content_type="application/json",
        )
    assert Notification.objects.filter(kind="fieldwork_alert").count() == 1
    added = governance.agenda_refresh(session=session)
    assert not [i for i in added if i.kind == "field_alert"]
