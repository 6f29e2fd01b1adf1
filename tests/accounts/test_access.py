"""Role capabilities and territory scope: the rules every selector relies on."""

from __future__ import annotations

import pytest

from redpaz.accounts import access
from redpaz.accounts.roles import DATA_IMPORT, TERRITORY_EDIT, Role
from redpaz.territory.models import Level, Territory
from tests.factories import OrganisationFactory, UserFactory, comuna, member, municipality

pytestmark = pytest.mark.django_db


def test_it_scopes_a_municipality_grant_to_that_municipality_and_its_zones() -> None:
    user = UserFactory()
    member(user, Role.ANALYST, municipality("76520"))
    scope = access.user_scope(user)
    assert scope.covers(municipality("76520"))
    assert not scope.covers(municipality("05001"))
    assert not scope.covers(comuna("01"))
    assert scope.covers_municipality("76520")


def test_it_scopes_a_zone_grant_to_the_zone_and_the_zones_inside_it() -> None:
    user = UserFactory()
    popular = comuna("01")
    inside = Territory.objects.create(
        level=Level.BARRIO,
        code="0101",
        name="Santo Domingo Savio No. 1",
        parent=popular,
        municipality_code="05001",
        department_code="05",
        boundary_set=popular.boundary_set,
    )
    member(user, Role.FIELD_WORKER, popular)
    scope = access.user_scope(user)
    assert scope.covers(popular)
    assert scope.covers(inside)
    assert not scope.covers(comuna("02"))
    assert not scope.covers(municipality("05001"))
    assert scope.touches_municipality("05001")


def test_it_expands_a_department_grant_to_its_municipalities() -> None:
    user = UserFactory()
    valle = Territory.objects.get(level=Level.DEPARTMENT, code="76")
    member(user, Role.ANALYST, valle)
    scope = access.user_scope(user)
    assert scope.covers(municipality("76520"))
    assert scope.covers(municipality("76001"))
    assert not scope.covers(municipality("05001"))


def test_it_gives_national_scope_for_all_territories_or_the_country() -> None:
    everywhere = UserFactory()
    member(everywhere, Role.READONLY, everywhere=True)
    country = UserFactory()
    member(country, Role.ANALYST, Territory.objects.get(level=Level.COUNTRY))
    for user in (everywhere, country):
        assert access.user_scope(user).everywhere
        assert access.user_scope(user).covers(comuna("05"))


def test_it_ignores_inactive_memberships_and_organisations() -> None:
    user = UserFactory()
    org = OrganisationFactory()
    membership = member(user, Role.ANALYST, municipality("05001"), organisation=org)
    membership.is_active = False
    membership.save()
    access.forget(user)
    assert access.user_scope(user).is_empty
    membership.is_active = True
    membership.save()
    org.is_active = False
    org.save()
    access.forget(user)
    assert access.user_scope(user).is_empty


def test_it_grants_capabilities_by_role_only_where_the_role_applies() -> None:
    user = UserFactory()
    member(user, Role.ANALYST, municipality("76520"))
    member(user, Role.READONLY, municipality("05001"))
    assert access.has_capability(user, TERRITORY_EDIT, municipality("76520"))
    # Read-only in Medellín: the analyst capability does not reach there.
    assert not access.has_capability(user, TERRITORY_EDIT, municipality("05001"))
    assert access.user_scope(user, TERRITORY_EDIT).municipality_codes == {"76520"}
    assert access.user_scope(user).municipality_codes == {"76520", "05001"}


def test_it_gives_superusers_everything_and_anonymous_users_nothing() -> None:
    from django.contrib.auth.models import AnonymousUser

    admin = UserFactory(is_superuser=True)
    assert access.has_capability(admin, DATA_IMPORT, comuna("03"))
    assert access.user_scope(AnonymousUser()).is_empty
    assert not access.has_capability(AnonymousUser(), DATA_IMPORT)


def test_every_role_is_in_the_permission_matrix() -> None:
    from redpaz.accounts.roles import ROLE_CAPABILITIES

    assert set(ROLE_CAPABILITIES) == set(Role.values)
