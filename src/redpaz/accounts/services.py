"""Writes for users, organisations and memberships.

``manager`` is the person doing it (checked: they administer the organisation and may only hand
out territories inside their own scope); None means the command line (the server operator).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from redpaz.accounts import access
from redpaz.accounts.models import Membership, Organisation, User
from redpaz.accounts.roles import ACCOUNTS_MANAGE, Role


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


def _check_manager(
    manager: Any, organisation: Organisation, territories: list[Any], all_territories: bool
) -> None:
    if manager is None:
        return
    if not access.manages_organisation(manager, organisation):
        raise PermissionDenied(_("You do not administer this organisation."))
    scope = access.user_scope(manager, ACCOUNTS_MANAGE)
    if all_territories and not scope.everywhere:
        raise PermissionDenied(_("Only someone responsible for every territory can grant that."))
    outside = [t.name for t in territories if not scope.covers(t)]
    if outside:
        raise PermissionDenied(
            _("These territories are outside your own responsibility: %(names)s")
            % {"names": ", ".join(outside)}
        )


@dataclass(frozen=True)
class NewMember:
    membership: Membership
    # Set when a new account was created: shown once to the manager, never stored in clear.
    temporary_password: str | None


@transaction.atomic
def member_add(
    *,
    manager: Any,
    organisation: Organisation,
    username: str,
    role: str,
    territories: Iterable[Any] = (),
    all_territories: bool = False,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> NewMember:
    """Give a person a role in the organisation, creating their account if it does not exist."""
    territories = list(territories)
    _check_manager(manager, organisation, territories, all_territories)
    username = username.strip()
    user = User.objects.filter(username=username).first()
    password = None
    if user is None:
        password = secrets.token_urlsafe(9)
        user = user_create(
            username=username,
            password=password,
            email=email,
            first_name=first_name,
            last_name=last_name,
        )
    membership = membership_grant(
        user=user,
        organisation=organisation,
        role=role,
        territories=territories,
        all_territories=all_territories,
    )
    if not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    return NewMember(membership, password)


@transaction.atomic
def membership_update(
    *,
    manager: Any,
    membership: Membership,
    territories: Iterable[Any],
    all_territories: bool,
) -> Membership:
    """Replace the territories a member is responsible for in this role."""
    territories = list(territories)
    _check_manager(manager, membership.organisation, territories, all_territories)
    membership.all_territories = all_territories
    membership.save(update_fields=["all_territories"])
    membership.territories.set(territories)
    access.forget(membership.user)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, manager: Any = None) -> None:
    """End a membership; the record stays (with its audit trail), inactive."""
    _check_manager(manager, membership.organisation, [], False)
    if manager is not None and membership.user_id == manager.pk and membership.role == Role.ADMIN:
        raise ValidationError(_("You cannot remove your own administrator role."))
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    access.forget(membership.user)
