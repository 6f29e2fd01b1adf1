"""An organisation's administrator manages its members, within their own territories."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from redpaz.accounts.models import Membership, User
from redpaz.accounts.roles import Role
from tests.factories import OrganisationFactory, UserFactory, comuna, member, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager() -> Any:
    """Administrator of Palmira's secretariat, responsible for Palmira only."""
    user = UserFactory(username="marta")
    org = OrganisationFactory(
        name="Secretaría de Seguridad de Palmira", municipality=municipality("76520")
    )
    member(user, Role.ADMIN, municipality("76520"), organisation=org)
    return user


def _org(user: User) -> Any:
    return user.memberships.get(role=Role.ADMIN).organisation


def test_a_manager_creates_an_account_with_a_role_in_their_territory(
    manager: Any, client_for: Any
) -> None:
    org = _org(manager)
    client = client_for(manager)
    response = client.post(
        reverse("accounts:organisation", args=[org.pk]),
        {
            "username": "gestor.palmira",
            "first_name": "Luis",
            "last_name": "Mina",
            "role": Role.FIELD_WORKER,
            "territories": [municipality("76520").pk],
        },
        follow=True,
    )
    page = response.content.decode()
    assert "contraseña temporal" in page
    created = User.objects.get(username="gestor.palmira")
    membership = created.memberships.get()
    assert membership.role == Role.FIELD_WORKER
    assert list(membership.territories.values_list("code", flat=True)) == ["76520"]
    assert created.has_usable_password()


def test_a_manager_cannot_grant_territories_outside_their_own(
    manager: Any, client_for: Any
) -> None:
    org = _org(manager)
    response = client_for(manager).post(
        reverse("accounts:organisation", args=[org.pk]),
        {"username": "intruso", "role": Role.ANALYST, "territories": [municipality("05001").pk]},
    )
    assert response.status_code == 200  # the form comes back with the error
    assert not User.objects.filter(username="intruso").exists()
    # Medellín is not even offered.
    assert "Medellín (05001)" not in response.content.decode()


def test_only_the_organisations_administrators_reach_its_page(
    manager: Any, users: Any, client_for: Any
) -> None:
    org = _org(manager)
    url = reverse("accounts:organisation", args=[org.pk])
    assert client_for(users.ana).get(url).status_code == 404
    assert client_for(users.alice).get(url).status_code == 200
    assert client_for(manager).get(reverse("accounts:organisations")).status_code == 200


def test_a_manager_changes_territories_and_removes_a_role(manager: Any, client_for: Any) -> None:
    org = _org(manager)
    worker = UserFactory(username="gestora")
    membership = member(worker, Role.FIELD_WORKER, municipality("76520"), organisation=org)
    client = client_for(manager)
    response = client.post(
        reverse("accounts:membership-edit", args=[membership.pk]),
        {"territories": [municipality("76520").pk]},
    )
    assert response.status_code == 302
    client.post(reverse("accounts:membership-revoke", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.is_active is False
    own = Membership.objects.get(user=manager, role=Role.ADMIN)
    client.post(reverse("accounts:membership-revoke", args=[own.pk]))
    own.refresh_from_db()
    assert own.is_active is True  # an administrator cannot remove their own role


def test_a_field_worker_zone_can_be_granted_by_a_medellin_manager(client_for: Any) -> None:
    boss = UserFactory(username="jefa")
    org = OrganisationFactory(name="SSC Medellín", municipality=municipality("05001"))
    member(boss, Role.ADMIN, municipality("05001"), organisation=org)
    page = client_for(boss).get(reverse("accounts:organisation", args=[org.pk])).content.decode()
    assert "Popular" in page  # the comunas of the organisation's municipality are offered
    response = client_for(boss).post(
        reverse("accounts:organisation", args=[org.pk]),
        {"username": "gestor.popular", "role": Role.FIELD_WORKER, "territories": [comuna("01").pk]},
    )
    assert response.status_code == 302
    assert User.objects.get(
        username="gestor.popular"
    ).memberships.get().territories.get() == comuna("01")
