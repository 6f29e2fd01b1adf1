"""Field work tests read messages in Spanish, the installation's language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _spanish() -> Iterator[None]:
    with translation.override("es"):
        yield
