"""Factories for synthetic people and organisations. Places are real (loaded in conftest)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import factory

from redpaz.accounts.models import Membership, Organisation, User
from redpaz.accounts.roles import Role
from redpaz.accounts.services import membership_grant
from redpaz.territory.models import Level, Territory

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="es_CO")
    last_name = factory.Faker("last_name", locale="es_CO")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organización {n}")
    kind = Organisation.Kind.GOVERNMENT


def municipality(code: str) -> Territory:
    return Territory.objects.get(level=Level.MUNICIPALITY, code=code, boundary_set=None)


def comuna(code: str, municipality_code: str = "05001") -> Territory:
    return Territory.objects.get(
        level=Level.COMUNA,
        code=code,
        boundary_set__municipality__code=municipality_code,
        boundary_set__valid_to__isnull=True,
    )


def member(
    user: User,
    role: str,
    *territories: Territory,
    organisation: Organisation | None = None,
    everywhere: bool = False,
) -> Membership:
    return membership_grant(
        user=user,
        organisation=organisation or OrganisationFactory(),
        role=role,
        territories=territories,
        all_territories=everywhere,
    )


@dataclass
class NamedUsers:
    alice: User  # superuser: administrator of the installation
    ana: User  # analyst, Medellín
    pablo: User  # analyst, Palmira
    fiona: User  # field worker, Medellín comuna 01 (Popular)
    donna: User  # read-only donor, every territory
    nobody: User  # an account with no membership


def named_users() -> NamedUsers:
    medellin_org = OrganisationFactory(name="Secretaría de Seguridad de Medellín")
    palmira_org = OrganisationFactory(name="Secretaría de Seguridad de Palmira")
    alice = UserFactory(username="alice", is_superuser=True, is_staff=True)
    ana = UserFactory(username="ana")
    member(ana, Role.ANALYST, municipality("05001"), organisation=medellin_org)
    pablo = UserFactory(username="pablo")
    member(pablo, Role.ANALYST, municipality("76520"), organisation=palmira_org)
    fiona = UserFactory(username="fiona")
    member(fiona, Role.FIELD_WORKER, comuna("01"), organisation=medellin_org)
    donna = UserFactory(username="donna")
    member(
        donna,
        Role.READONLY,
        organisation=OrganisationFactory(name="Agencia de cooperación", kind="cooperation"),
        everywhere=True,
    )
    nobody = UserFactory(username="nobody")
    return NamedUsers(alice=alice, ana=ana, pablo=pablo, fiona=fiona, donna=donna, nobody=nobody)


def login_data(user: Any) -> dict[str, str]:
    return {"username": user.username, "password": PASSWORD}
