"""The demo committees of the PAZOS strategy of Medellín, and the minutes (acta) of a demo
session as a PDF whose text holds the attendees, the quorum and the commitments."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from redpaz.governance.demo import STEERING, _demo
from redpaz.governance.models import Commitment, Committee, ParticipationBody, Session
from redpaz.governance.selectors import quorum_of
from redpaz.strategy.demo import _demo_strategy
from redpaz.strategy.selectors.iptt import iptt_build
from tests.strategy.medellin import load_medellin_points

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data]


def test_the_demo_step_skips_without_the_demo_strategy() -> None:
    assert _demo(lambda *a: None).startswith("skipped")
    assert not Committee.objects.exists()


def test_the_demo_committees_and_the_acta_of_a_demo_session(
    shared_data: Path, users: Any, client_for: Any
) -> None:
    pypdf = pytest.importorskip("pypdf")
    load_medellin_points(shared_data)
    _demo_strategy(lambda *a: None)
    message = _demo(lambda *a: None)
    assert "7 committees" in message and "synthetic people" in message
    steering = Committee.objects.get(name=STEERING)
    strategy = steering.strategy
    territorial = Committee.objects.filter(strategy=strategy, kind="territorial")
    assert territorial.count() == strategy.target_zones.count() == 5
    assert all(c.is_public for c in territorial) and not steering.is_public
    # Twice a year on the first Tuesday: 7 February and 1 August 2023.
    assert [s.date.isoformat() for s in steering.sessions.order_by("starts_at")] == [
        "2023-02-07",
        "2023-08-01",
    ]
    assert Commitment.objects.filter(status="overdue").exists()
    assert ParticipationBody.objects.filter(municipality=strategy.territory).count() == 3
    # The committees' indicators are in the strategy's IPTT.
    rows = {r.indicator.code: r for r in iptt_build(strategy, approved_only=False).rows}
    assert rows["GOB-1"].track.cell("2023").actual is not None
    assert _demo(lambda *a: None).startswith("kept")

    session = steering.sessions.order_by("starts_at").first()
    assert session.status == Session.Status.HELD and session.acta_label == "001-2023"
    response = client_for(users.alice).get(reverse("governance:session-acta", args=[session.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    text = " ".join(text.split())
    assert "ACTA N.º 001 DE 2023" in text
    assert "Medellín, 7 de febrero de 2023" in text
    present = session.attendance.filter(status="present")
    assert present.exists()
    for attendance in present:
        assert attendance.name in text
        assert attendance.organisation_name.split(" · ")[0] in text
    check = quorum_of(session)
    assert (
        f"Asistieron {check.present} de los {check.seats} integrantes con voto. El quórum "
        f"(mitad más uno de los integrantes con voto) es de {check.required}." in text
    )
    assert "Hay quórum para deliberar y decidir." in text
    commitments = list(session.commitments.all())
    assert commitments
    for commitment in commitments:
        assert commitment.description in text
        assert commitment.owner_name in text
        assert commitment.due_date.strftime("%d/%m/%Y") in text
    assert "Presidencia" in text and "Secretaría técnica" in text
