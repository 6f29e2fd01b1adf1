"""Writes for users, organisations and memberships."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from redpaz.accounts import access
from redpaz.accounts.models import Membership, Organisation, User
from redpaz.accounts.roles import Role


@transaction.atomic
def organisation_create(
    *,
    name: str,
    kind: str = Organisation.Kind.OTHER,
    short_name: str = "",
    municipality: Any = None,
) -> Organisation:
    organisation = Organisation(
        name=name, kind=kind, short_name=short_name, municipality=municipality
    )
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_staff=is_staff or is_superuser,
        is_superuser=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def membership_grant(
    *,
    user: User,
    organisation: Organisation,
    role: str,
    territories: Iterable[Any] = (),
    all_territories: bool = False,
) -> Membership:
    """Give a user a role in an organisation over territories (adds to an existing grant)."""
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    membership, _created = Membership.objects.get_or_create(
        user=user,
        organisation=organisation,
        role=role,
        defaults={"all_territories": all_territories},
    )
    if all_territories and not membership.all_territories:
        membership.all_territories = True
        membership.save(update_fields=["all_territories"])
    territories = list(territories)
    if territories:
        membership.territories.add(*territories)
    access.forget(user)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership) -> None:
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    access.forget(membership.user)
