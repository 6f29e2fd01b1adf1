from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.factories import login_data

pytestmark = pytest.mark.django_db


def test_the_home_page_is_in_spanish_by_default(client: Any) -> None:
    page = client.get("/").content.decode()
    assert 'lang="es"' in page
    assert "Iniciar sesión" in page


def test_a_person_logs_in_and_sees_their_territories(users: Any, client: Any) -> None:
    response = client.post(reverse("login"), login_data(users.pablo), follow=True)
    page = response.content.decode()
    assert "Palmira" in page
    assert "Territorio" in page


def test_repeated_failed_logins_lock_the_account(users: Any, client: Any) -> None:
    for _ in range(5):
        client.post(reverse("login"), {"username": "pablo", "password": "wrong"})
    response = client.post(reverse("login"), login_data(users.pablo))
    assert response.status_code == 429
    assert "Cuenta bloqueada" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_person_changes_their_password(users: Any, client: Any) -> None:
    client.force_login(users.ana)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": login_data(users.ana)["password"],
            "new_password1": "una clave nueva y larga 2026",
            "new_password2": "una clave nueva y larga 2026",
        },
    )
    assert response.status_code == 302
    users.ana.refresh_from_db()
    assert users.ana.check_password("una clave nueva y larga 2026")


def test_the_profile_lists_roles_and_territories(users: Any, client_for: Any) -> None:
    page = client_for(users.fiona).get(reverse("accounts:profile")).content.decode()
    assert "Trabajador(a) de campo" in page
    assert "Popular" in page


def test_health_check_answers(client: Any) -> None:
    assert client.get(reverse("web:healthz")).json() == {"status": "ok"}


def test_the_api_schema_and_docs_are_served_offline(users: Any, client_for: Any) -> None:
    client = client_for(users.ana)
    assert client.get(reverse("api-schema")).status_code == 200
    docs = client.get(reverse("api-docs")).content.decode()
    assert "cdn" not in docs.lower()
