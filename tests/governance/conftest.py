"""Governance tests read messages and stored texts in Spanish, the installation's language.

A request made by an earlier test may leave another language active in the thread (the
language middleware activates the request's); each test here starts from Spanish.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _spanish() -> Iterator[None]:
    with translation.override("es"):
        yield
