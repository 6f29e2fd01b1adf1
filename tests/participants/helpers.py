"""Builders for participant tests: a PAZOS strategy with programmes in two components, synthetic
people (names and documents invented), staff of each programme."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from redpaz.accounts.models import User
from redpaz.accounts.roles import Role
from redpaz.participants import services
from redpaz.participants.crypto import Identity
from redpaz.participants.models import Person
from redpaz.strategy import services as strategy_services
from redpaz.strategy.models import Indicator, Programme, Strategy
from redpaz.strategy.periods import Period
from redpaz.strategy.services.computing import context_for
from tests.factories import comuna, member, municipality
from tests.strategy.helpers import owner_organisation, pazos


@dataclass
class World:
    strategy: Strategy
    a: Programme  # component 1
    b: Programme  # component 1
    c: Programme  # component 3
    staff_a: User
    staff_b: User


def world() -> World:
    strategy = pazos()
    one = strategy.components.get(code="1")
    three = strategy.components.get(code="3")
    a = strategy_services.programme_create(component=one, code="1.1", name="Gestores")
    b = strategy_services.programme_create(component=one, code="1.2", name="Mediación")
    c = strategy_services.programme_create(component=three, code="3.1", name="Jóvenes")
    staff_a = staff("staff_a", a)
    staff_b = staff("staff_b", b)
    services.profile_set(programme=c, min_age=14, max_age=28, zones=[comuna("10")])
    return World(strategy, a, b, c, staff_a, staff_b)


def staff(username: str, programme: Programme) -> User:
    user = User.objects.create(username=username)
    member(
        user,
        Role.PROGRAMME_STAFF,
        municipality("05001"),
        organisation=owner_organisation(),
    )
    profile = services.profile_set(programme=programme)
    profile.staff.add(user)
    return user


def person(
    document: str = "1017234567",
    given: str = "Juan Camilo",
    first: str = "Pérez",
    second: str = "Gómez",
    birth: date = date(2004, 5, 17),
    zone: str = "10",
    **fields: Any,
) -> Person:
    return services.person_register(
        identity=Identity(
            document_number=document, given_names=given, first_surname=first, second_surname=second
        ),
        birth_date=birth,
        zone=comuna(zone),
        sex=fields.pop("sex", "male"),
        consent={"purpose": "Programa de prueba", "given_on": date(2022, 1, 10)},
        **fields,
    )


def enrol(someone: Person, programme: Programme, on: date = date(2022, 2, 1)) -> Any:
    return services.enrolment_create(person=someone, programme=programme, enrolled_on=on)


def count(strategy: Strategy, period: str = "2022", **params: Any) -> Any:
    """The unique-participants figure (and its breakdown) for a period of the strategy."""
    from redpaz.participants.counts import unique_participants

    indicator = Indicator(
        strategy=strategy, mode=Indicator.Mode.NON_CUMULATIVE, computation="x", parameters={}
    )
    return unique_participants(context_for(indicator, Period.parse(period)), params)


def context_for_year(strategy: Strategy, period: str) -> Any:
    indicator = Indicator(
        strategy=strategy, mode=Indicator.Mode.NON_CUMULATIVE, computation="x", parameters={}
    )
    return context_for(indicator, Period.parse(period))
