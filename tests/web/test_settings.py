from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from redpaz.web.settings import env_bool, env_int, secret_from_env_or_file


def test_it_refuses_a_boolean_it_cannot_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDPAZ_X", "maybe")
    with pytest.raises(ImproperlyConfigured, match="REDPAZ_X='maybe' is not a boolean"):
        env_bool("REDPAZ_X", False)
    monkeypatch.setenv("REDPAZ_X", "yes")
    assert env_bool("REDPAZ_X", False) is True


def test_it_refuses_an_integer_it_cannot_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDPAZ_N", "five")
    with pytest.raises(ImproperlyConfigured, match="not an integer"):
        env_int("REDPAZ_N", 1)


def test_secrets_come_from_the_environment_first(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("REDPAZ_HOME", str(tmp_path))
    monkeypatch.setenv("REDPAZ_TEST_SECRET", "from-env")
    assert secret_from_env_or_file("REDPAZ_TEST_SECRET", "test_secret") == "from-env"
    monkeypatch.delenv("REDPAZ_TEST_SECRET")
    generated = secret_from_env_or_file("REDPAZ_TEST_SECRET", "test_secret")
    assert len(generated) > 40
    assert secret_from_env_or_file("REDPAZ_TEST_SECRET", "test_secret") == generated


def test_debug_is_off_by_default() -> None:
    from django.conf import settings

    assert settings.DEBUG is False
    assert settings.LANGUAGE_CODE == "es"
    assert settings.TIME_ZONE == "America/Bogota"
