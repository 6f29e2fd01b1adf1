"""One person counted once: in the total and in each component, before and after merges."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from redpaz.participants import services
from tests.participants.helpers import count, enrol, person, world

pytestmark = pytest.mark.django_db


def test_it_counts_a_person_in_three_programmes_of_two_components_once() -> None:
    w = world()
    juan = person()
    for programme in (w.a, w.b, w.c):
        enrol(juan, programme)
    outcome = count(w.strategy)
    assert outcome.value == 1
    assert outcome.disaggregated["component"] == {"1": 1, "3": 1}
    assert count(w.strategy, component="1").value == 1
    assert count(w.strategy, component="3").value == 1
    assert count(w.strategy, programme="1.2").value == 1
    with pytest.raises(ValidationError):
        enrol(juan, w.a)  # already in it


def test_it_breaks_counts_down_by_sex_age_group_ethnicity_and_zone() -> None:
    w = world()
    enrol(person(ethnicity="negro"), w.a)
    enrol(person(document="22", given="Ana", sex="female", birth=date(2009, 1, 1)), w.c)
    outcome = count(w.strategy)
    assert outcome.value == 2
    assert outcome.disaggregated["sex"] == {"male": 1, "female": 1}
    # Ages when enrolled: 17 and 13.
    assert outcome.disaggregated["age_group"] == {"14-17": 1, "0-13": 1}
    assert outcome.disaggregated["ethnicity"] == {"afro": 1, "unknown": 1}
    zone = str(w.strategy.target_zones.get(code="10").pk)
    assert outcome.disaggregated["zone"] == {zone: 2}
    assert count(w.strategy, sex="female").value == 1
    assert count(w.strategy, age_group="0-13").value == 1


def test_it_counts_only_enrolments_active_in_the_period() -> None:
    w = world()
    enrolment = enrol(person(), w.a, on=date(2021, 3, 1))
    services.enrolment_exit(enrolment=enrolment, on=date(2021, 6, 30), reason="completed")
    assert count(w.strategy, "2021").value == 1
    assert count(w.strategy, "2022").value == 0


def test_a_merge_corrects_every_count() -> None:
    w = world()
    first = person()
    # The same young man registered again by another programme, surnames swapped, no document.
    second = person(document="", first="Gómez", second="Pérez")
    enrol(first, w.a)
    enrol(second, w.b)
    enrol(second, w.c)
    before = count(w.strategy)
    assert before.value == 2
    assert before.disaggregated["component"] == {"1": 2, "3": 1}
    assert before.disaggregated["sex"] == {"male": 2}

    services.person_merge(kept=first, absorbed=second, reason="Misma persona")

    after = count(w.strategy)
    assert after.value == 1
    assert after.disaggregated["component"] == {"1": 1, "3": 1}
    assert after.disaggregated["sex"] == {"male": 1}
    assert count(w.strategy, component="3").value == 1
    assert list(after.records.values_list("pk", flat=True)) == [first.pk]


def test_a_merge_keeps_the_history_of_both_records() -> None:
    w = world()
    first = person()
    second = person(document="", given="Juan Kamilo")
    moved = enrol(second, w.b)
    merge = services.person_merge(kept=first, absorbed=second)
    second.refresh_from_db()
    moved.refresh_from_db()
    assert second.merged_into == first
    assert second.identity.given_names == "Juan Kamilo"
    assert moved.person == first and moved.registered_as == second
    assert merge.moved["enrolments"] == [moved.pk]
    third = person(document="", given="Juan C.")
    services.person_merge(kept=third, absorbed=first)
    second.refresh_from_db()
    assert second.merged_into == third


def test_the_iptt_figure_follows_enrolments_and_merges(
    django_capture_on_commit_callbacks: Any,
) -> None:
    from redpaz.strategy import services as strategy_services
    from redpaz.strategy.models import Indicator, Result

    w = world()
    strategy_services.indicator_create(
        strategy=w.strategy,
        code="OUT-P",
        name="Personas distintas",
        level=Indicator.Level.OUTPUT,
        unit=Indicator.Unit.COUNT,
        direction=Indicator.Direction.INCREASE,
        mode=Indicator.Mode.NON_CUMULATIVE,
        frequency=Indicator.Frequency.YEAR,
        computation="participants.unique_participants",
        parameters={},
    )
    first, second = person(), person(document="", given="Juan Kamilo")
    with django_capture_on_commit_callbacks(execute=True):
        enrol(first, w.a)
        enrol(second, w.c)
    assert Result.objects.get(indicator__code="OUT-P", period="2022").value == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.person_merge(kept=first, absorbed=second)
    assert Result.objects.get(indicator__code="OUT-P", period="2022").value == 1
