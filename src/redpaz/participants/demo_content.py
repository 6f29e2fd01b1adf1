"""Synthetic participants for the demo PAZOS strategy of Medellín.

Two programmes (young people at high risk, in the Intervention component; schools and families,
in Prevention) get synthetic people through the same import a programme team uses (two CSV
files written into the data directory, so a second run finds them already imported), sessions
with attendance, and two computed indicators, so the strategy's IPTT shows distinct people
reached. Names and documents are invented (redpaz.participants.synthetic); zones are real.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation

from redpaz.ingest.participants import LIST_HEADER
from redpaz.web.demo import Progress

STRATEGY = "Estrategia PAZOS Medellín 2020–2023 (demo)"


def _write(path: Path, people: list[Any], rng: random.Random) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(LIST_HEADER)
        for p in people:
            enrolled = date(2020, 2, 1) + timedelta(days=rng.randint(0, 1200))
            writer.writerow(
                [
                    p.document_type,
                    p.document_number,
                    p.given_names,
                    p.first_surname,
                    p.second_surname,
                    p.birth_date.isoformat(),
                    "F" if p.sex == "female" else "M",
                    p.ethnicity,
                    "SI" if p.disability else "NO",
                    "SI" if p.victim else "NO",
                    p.zone_code,
                    p.phone,
                    enrolled.isoformat(),
                    enrolled.isoformat(),
                ]
            )


def create_demo_participants(progress: Progress) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _create()


@transaction.atomic
def _create() -> str:
    from redpaz.accounts.models import User
    from redpaz.participants import services, synthetic
    from redpaz.participants.models import Enrolment
    from redpaz.participants.services.importing import participants_import
    from redpaz.strategy import services as strategy_services
    from redpaz.strategy.models import Indicator, Strategy

    strategy = Strategy.objects.filter(name=STRATEGY).first()
    if strategy is None:
        return "skipped: the demo PAZOS strategy is not there"
    if Enrolment.objects.filter(programme__component__strategy=strategy).exists():
        return "kept"
    staff = User.objects.filter(username="programa.medellin").first()
    zones = list(strategy.target_zones.order_by("code"))
    youth = strategy_services.programme_create(
        component=strategy.components.get(code="2"),
        code="2.1",
        name="Acompañamiento a jóvenes en alto riesgo (demo)",
        description="Atención psicosocial, formación y empleo para jóvenes de 14 a 28 años.",
        responsible_unit="Secretaría de la Juventud",
    )
    schools = strategy_services.programme_create(
        component=strategy.components.get(code="3"),
        code="3.1",
        name="Prevención en colegios y familias (demo)",
        description="Escuelas de familia y talleres de convivencia en colegios.",
        responsible_unit="Secretaría de Educación",
    )
    services.profile_set(
        programme=youth,
        min_age=14,
        max_age=28,
        zones=zones,
        staff=[staff] if staff else [],
        stages=["Atención psicosocial", "Formación para el trabajo", "Vinculación laboral"],
    )
    services.profile_set(programme=schools, min_age=10, max_age=28, zones=zones)
    workshops = strategy_services.activity_create(
        programme=youth, name="Talleres psicosociales", status="in_progress", zones=zones
    )
    families = strategy_services.activity_create(
        programme=schools, name="Escuelas de familia", status="in_progress", zones=zones
    )
    rng = random.Random(2020)  # noqa: S311 - reproducible synthetic data
    codes = [z.code for z in zones] * 4 + [f"{n:02d}" for n in range(1, 17)]
    # Aged 14 to 28 in mid-2021, the middle of the strategy.
    people = synthetic.with_duplicates(
        320, share=0.03, seed=2020, zone_codes=codes, today=date(2021, 7, 1)
    )
    # A third of the young people also take part in the schools programme (same document).
    home = Path(settings.REDPAZ_HOME) / "demo" / "participants"
    first, second = home / "jovenes-2-1.csv", home / "colegios-3-1.csv"
    _write(first, people[:220], rng)
    _write(second, people[150:], rng)
    reports = []
    for path, programme in ((first, youth), (second, schools)):
        outcome = participants_import(path=path, programme=programme, today=date(2023, 12, 31))
        reports.append(outcome.batch.report)
    _sessions(workshops, rng)
    _sessions(families, rng)
    for code, name, params, dims in (
        (
            "OUT-P",
            "Personas distintas alcanzadas por los programas",
            {},
            {"component": True, "sex": False, "age_group": False, "zone": False},
        ),
        (
            "OUT-2.1",
            "Jóvenes en alto riesgo acompañados (personas distintas)",
            {"component": "2"},
            {"sex": False, "age_group": False},
        ),
    ):
        strategy_services.indicator_create(
            strategy=strategy,
            user=None,
            code=code,
            name=name,
            definition="Personas inscritas en los programas en el periodo, cada una contada "
            "una vez (datos sintéticos de demostración).",
            level=Indicator.Level.OUTPUT,
            unit=Indicator.Unit.COUNT,
            direction=Indicator.Direction.INCREASE,
            mode=Indicator.Mode.NON_SUMMING,
            frequency=Indicator.Frequency.YEAR,
            computation="participants.unique_participants",
            parameters=params,
            means_of_verification="Registro de participantes de RedPaz (sintético).",
            targets={str(y): Decimal(80 * (y - 2019)) for y in range(2020, 2024)},
            disaggregations=dims,
        )
    strategy_services.strategy_recompute(
        strategy=strategy, computations={"participants.unique_participants"}
    )
    people_count = sum(r["new_people"] for r in reports)
    duplicates = sum(r.get("probable_duplicates", 0) for r in reports)
    return f"{people_count} synthetic people in 2 programmes; {duplicates} probable duplicates"


def _sessions(activity: Any, rng: random.Random) -> None:
    from redpaz.participants import services

    day = date(2021, 2, 4)
    while day < date(2023, 11, 30):
        session = services.session_create(
            activity=activity, on=day, hours=Decimal(3), topic="Sesión (demo)"
        )
        roster = list(services.session_roster(session).values_list("pk", flat=True))
        present = [pk for pk in roster if rng.random() < 0.65]
        services.attendance_save(session=session, present=present, roster=None)
        day += timedelta(days=35)
