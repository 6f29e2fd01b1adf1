"""Builders for strategy tests: violence records in Medellín's comunas, strategies, people."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from redpaz.accounts.models import User
from redpaz.accounts.roles import Role
from redpaz.imports.models import ImportBatch
from redpaz.observatory.models import Coverage, Crime, EventRecord, Source
from redpaz.strategy import services
from redpaz.strategy.models import Indicator, Strategy
from tests.factories import OrganisationFactory, comuna, member, municipality

SISC = "medellin-sisc"


def sisc() -> Source:
    return Source.objects.get_or_create(
        slug=SISC, defaults={"name": "Medellín SISC", "kind": Source.Kind.POINTS}
    )[0]


def batch(kind: str = "points") -> ImportBatch:
    return ImportBatch.objects.create(kind=kind, source_name="homicidios.csv", sha256="1" * 64)


def covered(start: date = date(2003, 1, 1), end: date = date(2023, 11, 30)) -> Coverage:
    return Coverage.objects.create(
        source=sisc(),
        crime=Crime.objects.get(slug="homicidio"),
        territory=municipality("05001"),
        start=start,
        end=end,
        batch=batch(),
    )


def killing(
    day: date,
    zone_code: str | None,
    *,
    age: int | None = 30,
    sex: str = "male",
    count: int = 1,
    placed: bool = True,
    point: tuple[float, float] | None = None,
    source: Source | None = None,
) -> EventRecord:
    """A homicide record in a Medellín comuna (placed in it, or only inside it by coordinates)."""
    zone = comuna(zone_code) if zone_code else None
    if point is None and zone is not None:
        point = (zone.label_lon, zone.label_lat)
    return EventRecord.objects.create(
        source=source or sisc(),
        crime=Crime.objects.get(slug="homicidio"),
        batch=ImportBatch.objects.filter(kind="points").first() or batch(),
        source_row=EventRecord.objects.count() + 1,
        date=day,
        municipality=municipality("05001"),
        zone=zone if placed else None,
        count=count,
        sex=sex,
        age=age,
        longitude=point[0] if point else None,
        latitude=point[1] if point else None,
    )


def owner_organisation() -> Any:
    return OrganisationFactory(name="Secretaría de Seguridad de Medellín")


def person(username: str, role: str, organisation: Any = None, *territories: Any) -> Any:
    # No password: tests log in with force_login, and hashing one costs half a second.
    user = User.objects.create(
        username=username, email=f"{username}@example.org", first_name=username.capitalize()
    )
    member(
        user,
        role,
        *(territories or (municipality("05001"),)),
        organisation=organisation or owner_organisation(),
    )
    return user


def pazos(
    user: Any = None,
    *,
    zones: tuple[str, ...] = ("10", "13"),
    start: date = date(2020, 1, 1),
    end: date = date(2023, 12, 31),
    **kwargs: Any,
) -> Strategy:
    return services.strategy_create(
        name="Estrategia PAZOS de prueba",
        organisation=owner_organisation(),
        territory=municipality("05001"),
        start=start,
        end=end,
        user=user,
        blueprint="pazos",
        zones=[comuna(code) for code in zones],
        **kwargs,
    )


def reported(strategy: Strategy, code: str = "OUT-1", **fields: Any) -> Indicator:
    defaults: dict[str, Any] = {
        "name": "Mediaciones realizadas",
        "level": Indicator.Level.OUTPUT,
        "unit": Indicator.Unit.COUNT,
        "direction": Indicator.Direction.INCREASE,
        "mode": Indicator.Mode.NON_CUMULATIVE,
        "frequency": Indicator.Frequency.YEAR,
    }
    targets = fields.pop("targets", {"2021": Decimal(40)})
    disaggregations = fields.pop("disaggregations", {})
    return services.indicator_create(
        strategy=strategy,
        code=code,
        targets=targets,
        disaggregations=disaggregations,
        **{**defaults, **fields},
    )


ROLES = Role
