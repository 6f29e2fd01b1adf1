"""Builders for field work tests: mediators and coordinators (synthetic), mediation payloads."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.utils import timezone

from redpaz.accounts.models import User
from redpaz.accounts.roles import Role
from redpaz.fieldwork import services
from redpaz.fieldwork.models import Mediation
from tests.factories import OrganisationFactory, comuna, member, municipality


def person(username: str, role: str, *territories: Any) -> User:
    # No password: tests log in with force_login.
    user = User.objects.create(
        username=username, email=f"{username}@example.org", first_name=username.capitalize()
    )
    member(
        user,
        role,
        *(territories or (municipality("05001"),)),
        organisation=OrganisationFactory(name="Secretaría de Seguridad de Medellín"),
    )
    return user


def mediator(username: str = "gestora", *comunas: str) -> User:
    return person(username, Role.FIELD_WORKER, *(comuna(c) for c in (comunas or ("01",))))


def coordinator(username: str = "coordinadora", *territories: Any) -> User:
    return person(username, Role.PROGRAMME_STAFF, *territories)


def payload(zone: Any, **fields: Any) -> dict[str, Any]:
    return {
        "zone": zone.pk,
        "occurred_at": "2024-03-05T18:30",
        "conflict_type": "neighbours",
        "parties_count": 3,
        "parties_women": 1,
        "parties_men": 2,
        "age_groups": ["18-28"],
        "risk": "low",
        "actions": "Diálogo con las partes (sintético).",
        "outcome": "resolved",
        "referrals": [],
        "follow_ups": [{"due_on": "2024-03-12", "done_on": None, "note": ""}],
        **fields,
    }


def mediation(
    zone: Any,
    *,
    when: datetime | None = None,
    user: Any = None,
    follow_ups: tuple[dict[str, Any], ...] = (),
    alert: bool = False,
    **fields: Any,
) -> Mediation:
    values = {
        "zone": zone,
        "occurred_at": when or timezone.now(),
        "conflict_type": "neighbours",
        "risk": "low",
        "outcome": "resolved",
        **fields,
    }
    return services.mediation_save(
        uuid=uuid.uuid4(),
        base_version=None,
        fields=values,
        follow_ups=follow_ups,
        user=user,
        alert=alert,
    ).record
