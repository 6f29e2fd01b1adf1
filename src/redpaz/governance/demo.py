"""Demo step: the committees of the demo PAZOS strategy of Medellín and a year of their sessions.

A steering committee (twice a year), a strategic committee of the dependencies' liaisons (every
two months) and a territorial operating committee per target comuna (monthly), with the 2023
sessions from their meeting rules (holidays moved), attendance, minutes, decisions and
commitments — some met on time, some late, some still overdue — and three indicators of the
strategy computed from them. Two participation bodies of Medellín with assessments a year apart.

**Every person here is synthetic** (names end in "(demo)"); the places and the strategy's impact
figures are real. Runs only when the demo strategy exists (it needs Medellín's homicide records).
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation

from redpaz.web.demo import DemoStep, Progress, register_step

YEAR = 2023
STEERING = "Comité directivo de la Estrategia PAZOS Medellín (demo)"
STRATEGIC = "Comité estratégico de la Estrategia PAZOS Medellín (demo)"

# (name, position, organisation key, dependency, has account)
STEERING_SEATS = [
    ("Alcaldesa Marcela Giraldo (demo)", "Alcaldesa", "city", "Despacho de la Alcaldesa"),
    ("Andrés Felipe Ruiz (demo)", "Secretario de Seguridad", "city", "Secretaría de Seguridad"),
    ("Diana Patricia Mejía (demo)", "Secretaria de Educación", "city", "Secretaría de Educación"),
    ("Carlos Mario Osorio (demo)", "Secretario de Juventud", "city", "Secretaría de la Juventud"),
    ("Coronel Jaime Arango (demo)", "Comandante", "police", "Policía Metropolitana"),
    ("Luisa Fernanda Toro (demo)", "Personera delegada", "ombudsman", "Personería"),
]
STRATEGIC_SEATS = [
    ("Natalia Cardona (demo)", "Enlace", "city", "Secretaría de Seguridad"),
    ("Julián Henao (demo)", "Enlace", "city", "Secretaría de Educación"),
    ("Paula Andrea Zapata (demo)", "Enlace", "city", "Secretaría de la Juventud"),
    ("Sebastián Correa (demo)", "Enlace", "city", "Secretaría de Inclusión Social"),
    ("Mayor Óscar Rendón (demo)", "Jefe de planeación", "police", "Policía Metropolitana"),
]
ORGANISATIONS = {
    "police": ("Policía Metropolitana del Valle de Aburrá (demo)", "agency"),
    "ombudsman": ("Personería de Medellín (demo)", "agency"),
    "ngo": ("Corporación Barrios en Paz (demo)", "ngo"),
}
FIRST_NAMES = ["Ana", "Juan", "Yuliana", "Esteban", "Maritza", "Wilson", "Sara", "Jhon", "Liliana"]
LAST_NAMES = ["Arango", "Betancur", "Castaño", "Duque", "Echeverri", "Franco", "Gaviria", "Hoyos"]


def _demo(progress: Progress) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _create()


@transaction.atomic
def _create() -> str:
    from redpaz.accounts.models import Organisation
    from redpaz.governance.models import Committee
    from redpaz.strategy.demo import DEMO_NAME
    from redpaz.strategy.models import Strategy

    strategy = Strategy.objects.filter(name=DEMO_NAME).first()
    if strategy is None:
        return "skipped: the demo strategy is not there (it needs Medellín's homicide records)"
    existing = Committee.objects.filter(name=STEERING).first()
    if existing is not None:
        return f"kept (committee {existing.pk} and the others)"
    organisations = {"city": strategy.organisation}
    for key, (name, kind) in ORGANISATIONS.items():
        organisations[key] = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})[
            0
        ]
    rng = random.Random(8)  # noqa: S311 - synthetic attendance, reproducible
    committees = [
        _steering(strategy, organisations),
        _strategic(strategy, organisations),
        *_territorial(strategy, organisations, rng),
    ]
    sessions = 0
    for committee in committees:
        sessions += _year_of_sessions(committee, rng)
    _indicators(strategy)
    bodies = _bodies(strategy, committees[0])
    from redpaz.governance.models import Commitment
    from redpaz.governance.services import commitments_mark_overdue

    # Commitments left open are past their due date: their owners are told, as every day.
    commitments_mark_overdue()
    overdue = Commitment.objects.filter(status=Commitment.Status.OVERDUE).count()
    return (
        f"{len(committees)} committees, {sessions} sessions in {YEAR}, {overdue} overdue "
        f"commitments, {bodies} participation bodies (synthetic people)"
    )


def _user(username: str) -> Any:
    from redpaz.accounts.models import User

    return User.objects.filter(username=username).first()


def _seat(committee: Any, seats: list[tuple[str, str, str, str]], organisations: dict) -> None:
    from redpaz.governance.models import CommitteeMember
    from redpaz.governance.services import member_add

    for index, (name, position, org, dependency) in enumerate(seats):
        member = member_add(
            committee=committee,
            name=name,
            position=position,
            organisation=organisations[org],
            dependency=dependency,
            role=CommitteeMember.Role.CHAIR if index == 0 else CommitteeMember.Role.MEMBER,
        )
        if org == "police" or index == 1:
            member_add(
                committee=committee,
                name=f"Suplente de {name.split(' (demo)')[0]} (demo)",
                position=f"Delegado(a) de {position.lower()}",
                organisation=organisations[org],
                dependency=dependency,
                alternate_of=member,
            )


def _steering(strategy: Any, organisations: dict) -> Any:
    from redpaz.governance.models import CommitteeMember
    from redpaz.governance.services import committee_create, member_add

    committee = committee_create(
        name=STEERING,
        kind="steering",
        organisation=strategy.organisation,
        municipality=strategy.territory,
        strategy=strategy,
        purpose="Orientar la estrategia, aprobar su plan anual y rendir cuentas de sus resultados.",
        legal_basis="Manual operativo de la estrategia (demo)",
        frequency="semiannual",
        week_of_month=1,
        weekday=1,  # first Tuesday of February and August
        start_time=time(8, 0),
        duration_minutes=150,
        place="Centro Administrativo Municipal, Despacho de la Alcaldesa",
    )
    _seat(committee, STEERING_SEATS, organisations)
    member_add(
        committee=committee,
        user=_user("analista.medellin"),
        position="Secretaría técnica",
        organisation=strategy.organisation,
        dependency="Sistema de Información para la Seguridad y la Convivencia",
        role=CommitteeMember.Role.SECRETARY,
        has_vote=False,
    )
    return committee


def _strategic(strategy: Any, organisations: dict) -> Any:
    from redpaz.governance.models import CommitteeMember
    from redpaz.governance.services import committee_create, member_add

    committee = committee_create(
        name=STRATEGIC,
        kind="strategic",
        organisation=strategy.organisation,
        municipality=strategy.territory,
        strategy=strategy,
        purpose="Coordinar la oferta de las dependencias en las comunas priorizadas.",
        frequency="bimonthly",
        week_of_month=2,
        weekday=2,  # second Wednesday, every two months from January
        start_time=time(9, 0),
        place="Secretaría de Seguridad y Convivencia, sala 3",
    )
    _seat(committee, STRATEGIC_SEATS, organisations)
    member_add(
        committee=committee,
        user=_user("analista.medellin"),
        position="Secretaría técnica",
        organisation=strategy.organisation,
        dependency="Sistema de Información para la Seguridad y la Convivencia",
        role=CommitteeMember.Role.SECRETARY,
        has_vote=False,
    )
    return committee


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {rng.choice(LAST_NAMES)} (demo)"


def _territorial(strategy: Any, organisations: dict, rng: random.Random) -> list[Any]:
    from redpaz.governance.models import CommitteeMember
    from redpaz.governance.services import committee_create, member_add

    committees = []
    for zone in strategy.target_zones.order_by("code"):
        committee = committee_create(
            name=f"Comité operativo territorial – {zone.name} (demo)",
            kind="territorial",
            organisation=strategy.organisation,
            municipality=strategy.territory,
            strategy=strategy,
            zones=[zone],
            is_public=True,
            purpose=(
                f"Seguir los casos y alertas de la comuna {zone.name} con los gestores de "
                "convivencia y acordar la respuesta institucional."
            ),
            frequency="monthly",
            week_of_month=2,
            weekday=1,  # second Tuesday
            start_time=time(14, 0),
            place=f"Casa de gobierno de {zone.name}",
        )
        seats = [
            (_person(rng), "Coordinador(a) territorial", "city", "Secretaría de Seguridad"),
            (_person(rng), "Gestor(a) de convivencia", "city", "Secretaría de Seguridad"),
            (_person(rng), "Gestor(a) de convivencia", "city", "Secretaría de Seguridad"),
            (_person(rng), "Comandante de cuadrante", "police", "Estación de policía"),
            (_person(rng), "Presidente(a) de junta de acción comunal", "ngo", "Mesa barrial"),
            (_person(rng), "Profesional psicosocial", "ngo", "Programa de entornos protectores"),
        ]
        _seat(committee, seats, organisations)
        member_add(
            committee=committee,
            user=_user("programa.medellin"),
            position="Secretaría técnica",
            organisation=strategy.organisation,
            dependency="Equipo territorial",
            role=CommitteeMember.Role.SECRETARY,
            has_vote=False,
        )
        committees.append(committee)
    return committees


AGENDA = {
    "steering": [
        "Informe de avance de los indicadores de impacto",
        "Plan de acción del semestre y presupuesto",
    ],
    "strategic": [
        "Oferta institucional en las comunas priorizadas",
        "Casos remitidos por los comités territoriales",
    ],
    "territorial": [
        "Situación de convivencia en la comuna",
        "Casos atendidos por los gestores de convivencia",
    ],
}
COMMITMENTS = {
    "steering": [
        "Presentar el informe semestral de resultados al Concejo",
        "Ajustar el plan de acción con las metas revisadas",
    ],
    "strategic": [
        "Consolidar la oferta de las dependencias por comuna",
        "Gestionar cupos de entornos protectores para jóvenes remitidos",
        "Entregar el mapa de riesgos actualizado de las comunas priorizadas",
    ],
    "territorial": [
        "Acompañar a las familias de los jóvenes remitidos",
        "Solicitar patrullajes en los puntos críticos identificados",
        "Convocar a la mesa barrial para el seguimiento de conflictos",
    ],
}


def _year_of_sessions(committee: Any, rng: random.Random) -> int:
    from redpaz.governance import services
    from redpaz.governance.models import Attendance, Commitment

    # Months are counted from the start: the steering committee meets in February and August.
    first_month = 2 if committee.kind == "steering" else 1
    generated = services.sessions_generate(
        committee=committee, start=date(YEAR, first_month, 1), end=date(YEAR, 12, 31)
    )
    sessions = generated.created
    members = list(committee.members.all())
    principals = [m for m in members if m.alternate_of_id is None]
    for number, session in enumerate(sessions):
        last = number == len(sessions) - 1
        if committee.kind == "strategic" and session.date.month == 11:
            services.session_cancel(
                session=session, reason="Coincidió con el cierre de la Ley de Garantías (demo)."
            )
            continue
        if committee.kind == "territorial" and last and committee.zones.first().code > "10":
            continue  # the December session of some comunas was never recorded
        for title in AGENDA[committee.kind]:
            services.agenda_item_add(session=session, title=title)
        marks: dict[int, str] = {}
        for principal in principals:
            if rng.random() < 0.8 or principal.role != "member":
                marks[principal.pk] = Attendance.Status.PRESENT
                continue
            alternates = [m for m in members if m.alternate_of_id == principal.pk]
            if alternates and rng.random() < 0.6:
                marks[principal.pk] = Attendance.Status.EXCUSED
                marks[alternates[0].pk] = Attendance.Status.PRESENT
            else:
                marks[principal.pk] = rng.choice(
                    [Attendance.Status.EXCUSED, Attendance.Status.ABSENT]
                )
        services.attendance_record(session=session, marks=marks)
        items = list(session.agenda.filter(kind="manual"))
        for item in items:
            services.agenda_item_update(
                item=item,
                notes=(
                    f"Se presentó el punto «{item.title.lower()}». Los asistentes revisaron las "
                    "cifras y los casos del periodo y acordaron los compromisos que siguen "
                    "(texto de demostración)."
                ),
            )
        services.session_update(
            session=session,
            minutes=(
                "Sesión de demostración: el contenido de esta acta es sintético y no corresponde "
                "a una reunión real."
            ),
        )
        services.decision_add(
            session=session,
            text=f"Aprobar el orden del día y priorizar «{items[0].title.lower()}».",
            agenda_item=items[0],
        )
        services.session_record_held(session=session)
        owners = [p for p in principals if p.role == "member"]
        secretary_account = _user("programa.medellin")
        for index, text in enumerate(COMMITMENTS[committee.kind][: 1 + rng.randrange(2)]):
            owner = owners[(number + index) % len(owners)]
            due = session.date + timedelta(days=30 + 15 * index)
            late_in_year = session.date.month >= 8 and committee.kind != "territorial"
            commitment = services.commitment_create(
                session=session,
                description=text,
                due_date=due,
                owner_member=owner,
                # One of the commitments left open has an owner with an account, who is
                # notified when it falls overdue.
                owner_user=secretary_account if late_in_year and index == 0 else None,
                agenda_item=items[index % len(items)],
            )
            outcome = rng.random()
            if late_in_year or outcome < 0.15:
                continue  # still pending: overdue by now
            # Most are done, on time or a little late.
            done_on = due - timedelta(days=5) if outcome < 0.75 else due + timedelta(days=12)
            services.commitment_update(
                commitment=commitment,
                change=services.Change(
                    status=Commitment.Status.DONE,
                    completed_on=done_on,
                    evidence="Acta de seguimiento y registro fotográfico (demo).",
                    note="Cumplido (demo).",
                ),
            )
    return len(sessions)


def _indicators(strategy: Any) -> None:
    from redpaz.strategy import services
    from redpaz.strategy.models import Indicator

    for code, name, computation, target in [
        ("GOB-1", "Sesiones de los comités realizadas según lo programado", "sessions_held", 90),
        ("GOB-2", "Asistencia de los miembros con voto a los comités", "attendance_rate", 75),
        ("GOB-3", "Compromisos de los comités cumplidos a tiempo", "commitments_on_time", 70),
    ]:
        indicator = services.indicator_create(
            strategy=strategy,
            user=None,
            code=code,
            name=name,
            definition="Calculado de las sesiones y compromisos de los comités (demo).",
            level=Indicator.Level.OUTPUT,
            unit=Indicator.Unit.PERCENTAGE,
            direction=Indicator.Direction.INCREASE,
            mode=Indicator.Mode.NON_CUMULATIVE,
            frequency=Indicator.Frequency.YEAR,
            computation=f"governance.{computation}",
            parameters={},
            means_of_verification="Actas de los comités en RedPaz.",
            targets={str(YEAR): Decimal(target)},
            disaggregations={"zone": False},
        )
        services.indicator_compute(indicator=indicator, notify=False)


def _bodies(strategy: Any, steering: Any) -> int:
    from redpaz.governance import criteria
    from redpaz.governance.services import assessment_create, body_create, measured_scores

    medellin = strategy.territory
    council = body_create(
        municipality=medellin,
        name="Consejo Municipal de Paz, Reconciliación, Convivencia y Derechos Humanos (demo)",
        kind="peace_council",
        legal_basis="Ley 434 de 1998; Decreto Ley 885 de 2017",
        sessions_per_year=4,
    )
    zone = strategy.target_zones.order_by("code").first()
    board = body_create(
        municipality=medellin,
        zone=zone,
        name=f"Junta de Acción Comunal de un barrio de {zone.name} (demo)",
        kind="community_action",
        legal_basis="Ley 2166 de 2021",
        sessions_per_year=12,
    )
    steering_body = body_create(
        municipality=medellin,
        name="Comité directivo de la estrategia, seguido como instancia (demo)",
        kind="other",
        committee=steering,
        sessions_per_year=2,
    )
    S = criteria.Score
    for body, first, second in [
        (
            council,
            {"sessions": S(Decimal(1), Decimal(4)), "formalisation": S(level=2),
             "records": S(level=1), "proposals": S(Decimal(0), Decimal(3)),
             "influence": S(level=1), "accountability": S(level=1)},
            {"sessions": S(Decimal(3), Decimal(4)), "formalisation": S(level=3),
             "records": S(level=3), "proposals": S(Decimal(2), Decimal(5)),
             "influence": S(level=2), "accountability": S(level=2)},
        ),
        (
            board,
            {"sessions": S(Decimal(6), Decimal(12)), "attendance": S(Decimal(40), Decimal(90)),
             "formalisation": S(level=3), "records": S(level=2),
             "proposals": S(Decimal(1), Decimal(4)), "influence": S(level=1)},
            {"sessions": S(Decimal(10), Decimal(12)), "attendance": S(Decimal(70), Decimal(110)),
             "formalisation": S(level=4), "records": S(level=3),
             "proposals": S(Decimal(3), Decimal(5)), "influence": S(level=3)},
        ),
    ]:  # fmt: skip
        for year, scores in ((YEAR - 1, first), (YEAR, second)):
            assessment_create(
                body=body,
                period_start=date(year, 1, 1),
                period_end=date(year, 12, 31),
                assessed_on=date(year + 1, 1, 20),
                scores=scores,
                method="Revisión de actas y taller con los integrantes (valores de demostración).",
            )
    assessment_create(
        body=steering_body,
        period_start=date(YEAR, 1, 1),
        period_end=date(YEAR, 12, 31),
        assessed_on=date(YEAR + 1, 1, 20),
        scores={
            **measured_scores(steering_body, date(YEAR, 1, 1), date(YEAR, 12, 31)),
            "formalisation": criteria.Score(level=3),
            "records": criteria.Score(level=4),
        },
        method="Calculado de las sesiones registradas en RedPaz (demo).",
    )
    return 3


def register() -> None:
    register_step(DemoStep(510, "Committees (PAZOS, Medellín)", _demo))
