"""Demo step: three street mediators of Medellín (demo) and two years of their field work.

Mediations in the target comunas of the demo PAZOS strategy (or in comunas 01, 03 and 04 when
the strategy is not there), with follow-up visits, community needs and situational
interventions, some of them in the last weeks so the supervision page has a current caseload,
and the field-work indicators of the strategy computed from them.

**Every person and every mediation here is synthetic** (names end in "(demo)"); the places are
real. Points are drawn at random inside each comuna's real boundary.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from redpaz.web.demo import DemoStep, Progress, register_step

WORKER = "gestor.medellin"
COORDINATOR = "coordinacion.medellin"
# (username, first name, last name): the first logs in as the demo field worker.
WORKERS = [
    (WORKER, "Gestor", "de convivencia (demo)"),
    ("gestora.b", "Yurany", "Cardona (demo)"),
    ("gestor.c", "Brayan", "Montoya (demo)"),
]
FALLBACK_COMUNAS = ("01", "03", "04")
START = date(2022, 1, 1)
PER_WORKER = 140
ACTIONS = [
    "Diálogo por separado con las partes y acuerdo de no agresión.",
    "Acompañamiento a la familia y remisión a comisaría.",
    "Interrupción en el lugar; se calmaron los ánimos con apoyo de líderes.",
    "Reunión con los grupos en la sede de la JAC; acuerdo verbal.",
    "Se acordó un plan de pago entre las partes.",
]
DEPENDENCIES = [
    "Secretaría de Infraestructura",
    "Secretaría de Salud",
    "Secretaría de Inclusión Social",
    "Secretaría de la Juventud",
    "EPM (alumbrado)",
]


def _demo(progress: Progress) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _create()


@transaction.atomic
def _create() -> str:
    from redpaz.fieldwork.models import Mediation

    zones = _zones()
    if not zones:
        return "skipped: Medellín's comunas are not loaded"
    workers, _coordinator = _accounts(zones)
    if Mediation.objects.filter(recorded_by=workers[0]).exists():
        return f"kept ({Mediation.objects.count()} mediations)"
    rng = random.Random(7)  # noqa: S311 - synthetic records, reproducible
    today = timezone.localdate()
    mediations = needs = interventions = 0
    for index, worker in enumerate(workers):
        home = zones[index % len(zones)]
        for _n in range(PER_WORKER):
            zone = home if rng.random() < 0.8 else rng.choice(zones)
            _mediation(worker, zone, rng, today)
            mediations += 1
        for _n in range(12):
            _need(worker, rng.choice(zones), rng, today)
            needs += 1
        for _n in range(6):
            _intervention(worker, rng.choice(zones), rng, today)
            interventions += 1
    indicators = _indicators()
    return (
        f"{mediations} mediations, {needs} community needs, {interventions} interventions by "
        f"{len(workers)} field workers (synthetic){indicators}; accounts {WORKER} (field worker) "
        f"and {COORDINATOR} (coordinator)"
    )


def _zones() -> list[Any]:
    from redpaz.strategy.demo import DEMO_NAME
    from redpaz.strategy.models import Strategy
    from redpaz.territory.models import Level, Territory

    strategy = Strategy.objects.filter(name=DEMO_NAME).first()
    if strategy is not None and strategy.target_zones.exists():
        return list(strategy.target_zones.order_by("code"))
    return list(
        Territory.objects.filter(
            level=Level.COMUNA,
            municipality_code="05001",
            code__in=FALLBACK_COMUNAS,
            boundary_set__valid_to__isnull=True,
        ).order_by("code")
    )


def _accounts(zones: list[Any]) -> tuple[list[Any], Any]:
    from redpaz.accounts.models import Organisation, User
    from redpaz.accounts.services import membership_grant, user_create
    from redpaz.territory.models import Level, Territory
    from redpaz.web.demo import demo_password, ensure_demo_users

    ensure_demo_users()
    medellin = Territory.objects.get(level=Level.MUNICIPALITY, code="05001")
    organisation = Organisation.objects.get(
        name=f"Secretaría de Seguridad de {medellin.name} (demo)"
    )
    password = demo_password()

    def account(username: str, first: str, last: str) -> Any:
        return User.objects.filter(username=username).first() or user_create(
            username=username, password=password, first_name=first, last_name=last
        )

    workers = []
    for username, first, last in WORKERS:
        worker = account(username, first, last)
        membership_grant(
            user=worker,
            organisation=organisation,
            role="field_worker",
            territories=zones,
            all_territories=False,
        )
        workers.append(worker)
    coordinator = account(COORDINATOR, "Coordinación", "de gestores (demo)")
    membership_grant(
        user=coordinator,
        organisation=organisation,
        role="programme_staff",
        territories=[medellin],
        all_territories=False,
    )
    return workers, coordinator


def _point(zone: Any, rng: random.Random) -> tuple[float | None, float | None]:
    import shapely

    shape = zone.shape()
    if shape is None:
        return None, None
    min_x, min_y, max_x, max_y = shape.bounds
    for _try in range(30):
        x, y = rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)
        if shape.contains(shapely.Point(x, y)):
            return round(y, 6), round(x, 6)
    return None, None


def _when(rng: random.Random, today: date) -> datetime:
    # One in five in the last twelve weeks, so the supervision page has current work.
    if rng.random() < 0.2:
        day = today - timedelta(days=rng.randint(0, 83))
    else:
        day = START + timedelta(days=rng.randint(0, (today - START).days))
    return datetime.combine(
        day,
        time(rng.randint(7, 21), rng.choice((0, 15, 30, 45))),
        tzinfo=timezone.get_current_timezone(),
    )


def _mediation(worker: Any, zone: Any, rng: random.Random, today: date) -> None:
    from redpaz.fieldwork.models import Mediation
    from redpaz.fieldwork.services import mediation_save

    when = _when(rng, today)
    kind = rng.choices(Mediation.ConflictType.values, weights=(20, 18, 25, 12, 10, 8, 4, 3))[0]
    risk = rng.choices(Mediation.Risk.values, weights=(40, 35, 18, 7))[0]
    outcome = rng.choices(Mediation.Outcome.values, weights=(45, 25, 15, 8, 7))[0]
    parties = rng.randint(2, 8)
    women = rng.randint(0, parties)
    lat, lon = _point(zone, rng) if rng.random() < 0.85 else (None, None)
    follow_ups = []
    for visit in range(rng.choice((0, 1, 1, 2))):
        due = when.date() + timedelta(days=7 * (visit + 1))
        done = (
            due + timedelta(days=rng.randint(-3, 6))
            if due < today and rng.random() < 0.85
            else None
        )
        follow_ups.append({"due_on": due, "done_on": done if done and done <= today else None})
    mediation_save(
        uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
        base_version=None,
        fields={
            "zone": zone,
            "latitude": lat,
            "longitude": lon,
            "precision": "approximate" if lat is not None else "zone",
            "occurred_at": when,
            "conflict_type": kind,
            "parties_count": parties,
            "parties_women": women,
            "parties_men": parties - women,
            "age_groups": sorted(rng.sample(Mediation.AgeGroup.values, rng.randint(1, 2))),
            "groups_involved": kind == "between_groups" or rng.random() < 0.1,
            "weapons_involved": rng.random() < 0.12,
            "retaliation": kind == "retaliation",
            "risk": risk,
            "actions": rng.choice(ACTIONS),
            "outcome": outcome,
            "referrals": sorted(rng.sample(Mediation.Referral.values, 1))
            if outcome == "referred"
            else [],
            "notes": "Registro sintético de demostración.",
        },
        follow_ups=follow_ups,
        user=worker,
        # Only the last fortnight's high-risk records notify the coordinator in the demo.
        alert=when.date() >= today - timedelta(days=14),
    )


def _need(worker: Any, zone: Any, rng: random.Random, today: date) -> None:
    from redpaz.fieldwork.models import CommunityNeed
    from redpaz.fieldwork.services import need_save

    day = START + timedelta(days=rng.randint(0, (today - START).days))
    status = rng.choice(CommunityNeed.Status.values)
    need_save(
        uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
        base_version=None,
        fields={
            "zone": zone,
            "identified_on": day,
            "category": rng.choice(CommunityNeed.Category.values),
            "description": "Necesidad identificada en recorrido (sintética).",
            "dependency": rng.choice(DEPENDENCIES),
            "referred_on": day + timedelta(days=3) if status != "identified" else None,
            "status": status,
            "answered_on": day + timedelta(days=20) if status == "answered" else None,
        },
        user=worker,
    )


def _intervention(worker: Any, zone: Any, rng: random.Random, today: date) -> None:
    from redpaz.fieldwork.models import Intervention
    from redpaz.fieldwork.services import intervention_save

    lat, lon = _point(zone, rng)
    intervention_save(
        uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
        base_version=None,
        fields={
            "zone": zone,
            "latitude": lat,
            "longitude": lon,
            "precision": "exact" if lat is not None else "zone",
            "date": START + timedelta(days=rng.randint(0, (today - START).days)),
            "kind": rng.choice(Intervention.Kind.values),
            "description": "Intervención de entorno (sintética).",
            "partners": "JAC del barrio; Secretaría de Infraestructura",
            "participants_count": rng.randint(5, 60),
        },
        user=worker,
    )


def _indicators() -> str:
    from redpaz.strategy import services
    from redpaz.strategy.demo import DEMO_NAME
    from redpaz.strategy.models import Indicator, Strategy

    strategy = Strategy.objects.filter(name=DEMO_NAME).first()
    if strategy is None:
        return ""
    for code, name, computation, unit, target in [
        ("GES-1", "Mediaciones realizadas por los gestores", "mediations", "count", 150),
        ("GES-2", "Mediaciones resueltas", "mediations_resolved", "percentage", 50),
        ("GES-3", "Seguimientos realizados a tiempo", "follow_ups_on_time", "percentage", 70),
    ]:
        if strategy.indicators.filter(code=code).exists():
            continue
        indicator = services.indicator_create(
            strategy=strategy,
            user=None,
            code=code,
            name=name,
            definition="Calculado de los registros de los gestores de convivencia (demo).",
            level=Indicator.Level.OUTPUT,
            unit=unit,
            direction=Indicator.Direction.INCREASE,
            mode=Indicator.Mode.NON_CUMULATIVE,
            frequency=Indicator.Frequency.YEAR,
            computation=f"fieldwork.{computation}",
            parameters={},
            means_of_verification="Registros de campo en RedPaz.",
            targets={"2022": Decimal(target), "2023": Decimal(target)},
            disaggregations={"zone": False},
        )
        services.indicator_compute(indicator=indicator, notify=False)
    return ", 3 strategy indicators computed"


def register() -> None:
    register_step(DemoStep(520, "Field work (mediators, Medellín)", _demo))
