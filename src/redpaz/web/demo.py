"""The embedded demo: real territory and violence data from the wheel, synthetic people.

Apps register the steps that load their part of the demo; ``redpaz demo`` runs them in order.
Every step goes through the same import services a person uses, so running the demo twice
changes nothing the second time.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class DemoStep:
    order: int
    label: str
    run: Callable[[Progress], str]


_STEPS: dict[str, DemoStep] = {}


def register_step(step: DemoStep) -> None:
    _STEPS[step.label] = step


def steps() -> list[DemoStep]:
    return sorted(_STEPS.values(), key=lambda s: s.order)


def demo_file(name: str) -> Path:
    """Path of a file shipped in redpaz/demo_data (inside the installed package)."""
    path = Path(str(resources.files("redpaz") / "demo_data" / name))
    if not path.exists():
        raise FileNotFoundError(f"demo data file {name} is missing from the package")
    return path


def demo_password() -> str:
    """The demo accounts' password: generated once and kept in the data directory."""
    path = Path(settings.REDPAZ_HOME) / "secrets" / "demo_password"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    password = secrets.token_urlsafe(9)
    path.write_text(password, encoding="utf-8")
    path.chmod(0o600)
    return password


# Synthetic demo accounts: (username, first name, last name, role, municipality or None = all).
DEMO_USERS = [
    ("admin", "Demo", "Administración", "admin", None),
    ("analista.medellin", "Analista", "Medellín (demo)", "analyst", "05001"),
    ("analista.palmira", "Analista", "Palmira (demo)", "analyst", "76520"),
    # Reports results of the strategies of Medellín; does not edit or approve them.
    ("programa.medellin", "Programa", "Medellín (demo)", "programme_staff", "05001"),
    # A cooperation agency's read-only account: sees approved figures only.
    ("donante", "Donante", "Cooperación (demo)", "readonly", None),
]


@transaction.atomic
def ensure_demo_users() -> list[tuple[str, str]]:
    """Create the demo organisations and accounts if missing; return (username, role) pairs."""
    from redpaz.accounts.models import Organisation, User
    from redpaz.accounts.services import membership_grant, organisation_create, user_create
    from redpaz.territory.models import Level, Territory

    password = demo_password()
    created: list[tuple[str, str]] = []
    for username, first, last, role, code in DEMO_USERS:
        municipality = (
            Territory.objects.filter(level=Level.MUNICIPALITY, code=code).first() if code else None
        )
        org_name = (
            f"Secretaría de Seguridad de {municipality.name} (demo)"
            if municipality
            else "Red de observatorios RedPaz (demo)"
        )
        organisation = Organisation.objects.filter(name=org_name).first() or organisation_create(
            name=org_name,
            kind=Organisation.Kind.GOVERNMENT if municipality else Organisation.Kind.NGO,
            municipality=municipality,
        )
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                username=username,
                password=password,
                first_name=first,
                last_name=last,
                is_superuser=username == "admin",
            )
        membership_grant(
            user=user,
            organisation=organisation,
            role=role,
            territories=[municipality] if municipality else [],
            all_territories=municipality is None,
        )
        created.append((username, role))
    return created


def run_demo_setup(progress: Progress, say: Callable[[str], Any]) -> None:
    for step in steps():
        say(f"· {step.label}: {step.run(progress)}")
