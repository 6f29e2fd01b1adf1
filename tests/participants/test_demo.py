"""The demo step: synthetic people in the demo PAZOS strategy, counted in its IPTT."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from redpaz.participants.demo_content import STRATEGY, create_demo_participants
from redpaz.participants.models import DuplicateCandidate, Enrolment, Person
from redpaz.strategy import services as strategy_services
from redpaz.strategy.models import Result
from tests.factories import comuna, municipality
from tests.participants.helpers import count
from tests.strategy.helpers import owner_organisation

pytestmark = pytest.mark.django_db


def test_the_demo_enrols_synthetic_people_and_fills_the_iptt(settings: Any, tmp_path: Path) -> None:
    settings.REDPAZ_HOME = tmp_path
    assert create_demo_participants(lambda *a: None).startswith("skipped")
    strategy = strategy_services.strategy_create(
        name=STRATEGY,
        organisation=owner_organisation(),
        territory=municipality("05001"),
        start=date(2020, 1, 1),
        end=date(2023, 12, 31),
        blueprint="pazos",
        zones=[comuna(code) for code in ("04", "07", "10", "13", "16")],
    )
    message = create_demo_participants(lambda *a: None)
    assert "synthetic people in 2 programmes" in message
    people = Person.objects.count()
    # 320 rows, 70 of them in both files: those without a document are registered twice
    # (and reported as probable duplicates).
    assert 300 <= people <= 330
    shared = Enrolment.objects.values("person").distinct().count() < Enrolment.objects.count()
    assert shared  # some young people are in both programmes
    assert DuplicateCandidate.objects.exists()
    total = strategy.indicators.get(code="OUT-P")
    assert total.computation == "participants.unique_participants"
    result = Result.objects.get(indicator=total, period="2023")
    # A running figure: everyone enrolled from the start of the strategy to the end of 2023.
    assert result.value == len({e.person_id for e in Enrolment.objects.all()})
    assert count(strategy, "2023").value <= result.value
    youth = Result.objects.get(indicator__code="OUT-2.1", period="2021")
    assert 0 < youth.value <= result.value
    assert create_demo_participants(lambda *a: None) == "kept"


def test_the_demo_runs_the_participants_step_after_the_strategy() -> None:
    from redpaz.web.demo import steps

    orders = {step.label: step.order for step in steps()}
    assert orders["Participants (synthetic, PAZOS Medellín)"] > orders["Strategy (PAZOS, Medellín)"]
