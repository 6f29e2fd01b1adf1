"""The audit trail records who created, changed or deleted what, and when."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from redpaz.accounts.roles import Role
from redpaz.territory.models import TerritoryAlias
from tests.factories import UserFactory, comuna, member, municipality

pytestmark = pytest.mark.django_db


def test_it_logs_a_rename_with_its_actor_through_the_page(users: Any, client_for: Any) -> None:
    popular = comuna("01")
    response = client_for(users.ana).post(
        reverse("territory:rename", args=[popular.pk]), {"name": "Popular No. 1"}
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(popular).latest("timestamp")
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == users.ana
    assert entry.changes_dict["name"] == ["Popular", "Popular No. 1"]


def test_it_logs_alias_creation_and_deletion(users: Any, client_for: Any) -> None:
    palmira = municipality("76520")
    client = client_for(users.pablo)
    client.post(reverse("territory:alias-add", args=[palmira.pk]), {"name": "PALMIRA (CT)"})
    alias = TerritoryAlias.objects.get(territory=palmira, normalized="PALMIRA")
    assert LogEntry.objects.get_for_object(alias).get().actor == users.pablo
    client.post(reverse("territory:alias-delete", args=[palmira.pk, alias.pk]))
    deletion = LogEntry.objects.filter(object_pk=str(alias.pk), action=LogEntry.Action.DELETE).get()
    assert deletion.actor == users.pablo


def test_it_logs_membership_grants_with_their_territories() -> None:
    user = UserFactory()
    membership = member(user, Role.ANALYST, municipality("05001"))
    entries = LogEntry.objects.get_for_object(membership)
    assert entries.filter(action=LogEntry.Action.CREATE).exists()
    assert any("territories" in (e.changes_dict or {}) for e in entries)
