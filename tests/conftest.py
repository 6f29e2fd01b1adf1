"""Shared fixtures: the bundled territory data (loaded once per test database), named users per
role, and the real data folder (tests that need it skip cleanly when it is absent)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

pytest_plugins = ["tests.browser"]

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("REDPAZ_SHARED_DATA") or ROOT.parent / "shared" / "data")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data folder ../shared/data; skip the test when it is not there."""
    if not (SHARED_DATA / "README.md").exists():
        pytest.skip(f"real data folder not found at {SHARED_DATA} (set REDPAZ_SHARED_DATA)")
    return SHARED_DATA


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing() -> Any:
    """Hash test passwords with a fast algorithm: the production one is slow on purpose."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Load Colombia's departments, municipalities, population and Medellín's comunas once.

    Every test runs in a transaction rolled back at its end, so this base stays intact.
    """
    from redpaz.web import demo

    with django_db_blocker.unblock():
        for step in demo.steps():
            if step.order < 100:  # territory reference data only; apps' demo content is not loaded
                step.run(lambda *args: None)


@pytest.fixture(autouse=True)
def _jobs_run_at_once(settings: Any) -> None:
    """Background jobs run synchronously in tests, inside the test's transaction."""
    settings.REDPAZ_JOBS = "sync"


@pytest.fixture
def users(db: Any) -> Any:
    """Named users, one per role and scope (see tests/factories.py)."""
    from tests.factories import named_users

    return named_users()


@pytest.fixture
def client_for(client: Any) -> Any:
    """A function returning a test client logged in as the given user."""

    def login(user: Any) -> Any:
        client.force_login(user)
        return client

    return login
