"""Builders for governance tests: committees with members and alternates, sessions, people.

People are synthetic; places are the real territory loaded once per test session.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from redpaz.accounts.models import User
from redpaz.governance import services
from redpaz.governance.models import Committee, CommitteeMember, Session
from tests.factories import OrganisationFactory, member, municipality


def person(
    username: str, role: str | None = None, *territories: Any, organisation: Any = None
) -> User:
    # No password: tests log in with force_login (hashing costs time for nothing).
    user = User.objects.create(
        username=username,
        email=f"{username}@example.org",
        first_name=username.capitalize(),
        last_name="Prueba",
    )
    if role:
        member(
            user,
            role,
            *(territories or (municipality("05001"),)),
            organisation=organisation or secretariat(),
        )
    return user


def secretariat() -> Any:
    return OrganisationFactory(name="Secretaría de Seguridad de Medellín")


def committee(
    *,
    name: str = "Comité operativo territorial de prueba",
    voting: int = 5,
    alternates: int = 1,
    is_public: bool = False,
    secretary: User | None = None,
    strategy: Any = None,
    zones: tuple[Any, ...] = (),
    **fields: Any,
) -> Committee:
    """A monthly committee (second Tuesday, 9:00) of Medellín with ``voting`` members with vote,
    the first ``alternates`` of them with an alternate, a chair among them and a secretary."""
    rule = {"frequency": "monthly", "week_of_month": 2, "weekday": 1, **fields}
    result = services.committee_create(
        name=name,
        kind=fields.pop("kind", "territorial"),
        organisation=secretariat(),
        municipality=municipality("05001"),
        is_public=is_public,
        strategy=strategy,
        zones=zones,
        start_time=time(9, 0),
        place="Casa de gobierno",
        **{k: v for k, v in rule.items() if k != "kind"},
    )
    for index in range(voting):
        principal = services.member_add(
            committee=result,
            name=f"Integrante {index + 1} (sintético)",
            position="Delegado(a)",
            organisation=OrganisationFactory(name=f"Dependencia {index + 1}"),
            role=CommitteeMember.Role.CHAIR if index == 0 else CommitteeMember.Role.MEMBER,
        )
        if index < alternates:
            services.member_add(
                committee=result,
                name=f"Suplente {index + 1} (sintético)",
                organisation=principal.organisation,
                alternate_of=principal,
            )
    services.member_add(
        committee=result,
        user=secretary,
        name="" if secretary else "Secretaría técnica (sintética)",
        role=CommitteeMember.Role.SECRETARY,
        has_vote=False,
    )
    return result


def principals(committee: Committee) -> list[CommitteeMember]:
    return list(
        committee.members.filter(alternate_of__isnull=True, has_vote=True).order_by("order")
    )


def held_session(committee: Committee, day: date, present: int | None = None) -> Session:
    """A session held on ``day`` with the first ``present`` voting members present."""
    session = services.session_create(committee=committee, day=day, kind="ordinary")
    voters = principals(committee)
    count = len(voters) if present is None else present
    services.attendance_record(
        session=session,
        marks={m.pk: ("present" if i < count else "absent") for i, m in enumerate(voters)},
    )
    return services.session_record_held(session=session)
