"""Demo step: a PAZOS strategy for Medellín computed from the city's homicide records.

Runs only when the Medellín point records (source ``medellin-sisc``) have been imported by an
earlier step. The strategy, its programmes and the one reported figure are demo content and say
so; the impact figures are real, computed from the imported records and DANE/DAP population.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation

from redpaz.web.demo import DemoStep, Progress, register_step

if TYPE_CHECKING:
    from redpaz.territory.models import Territory

DEMO_SOURCE = "medellin-sisc"
DEMO_NAME = "Estrategia PAZOS Medellín 2020–2023 (demo)"
BASELINE_YEAR = 2019
# The five urban comunas with most homicides in the baseline year become the target zones.
TARGET_ZONES = 5


def _target_zones() -> list[Territory]:
    from redpaz.observatory.selectors import EventFilter, event_counts
    from redpaz.territory.models import Level, Territory

    counts = event_counts(
        EventFilter.years(DEMO_SOURCE, "homicidio", BASELINE_YEAR, BASELINE_YEAR),
        level=Level.COMUNA,
        municipality_code="05001",
    )
    urban = counts[counts["code"].str.fullmatch(r"0[1-9]|1[0-6]")]
    chosen = urban.sort_values(["count", "code"], ascending=[False, True]).head(TARGET_ZONES)
    return list(Territory.objects.filter(pk__in=chosen["territory_id"].tolist()))


def _demo_strategy(progress: Progress) -> str:
    # The command line speaks English; the demo's content is in the installation's language.
    with translation.override(settings.LANGUAGE_CODE):
        return _create_demo_strategy()


@transaction.atomic
def _create_demo_strategy() -> str:
    from redpaz.accounts.models import Organisation, User
    from redpaz.observatory.selectors import sources_with_data
    from redpaz.strategy import services
    from redpaz.strategy.models import Indicator, Result, Strategy
    from redpaz.territory.models import Level, Territory
    from redpaz.web.demo import ensure_demo_users

    if not sources_with_data("homicidio").filter(slug=DEMO_SOURCE).exists():
        return f"skipped: the Medellín point records (source {DEMO_SOURCE}) are not imported"
    existing = Strategy.objects.filter(name=DEMO_NAME).first()
    if existing is not None:
        return f"kept (strategy {existing.pk})"
    ensure_demo_users()
    organisation = Organisation.objects.get(name="Secretaría de Seguridad de Medellín (demo)")
    analyst = User.objects.filter(username="analista.medellin").first()
    staff = User.objects.filter(username="programa.medellin").first()
    medellin = Territory.objects.get(level=Level.MUNICIPALITY, code="05001", boundary_set=None)
    zones = _target_zones()
    strategy = services.strategy_create(
        name=DEMO_NAME,
        organisation=organisation,
        territory=medellin,
        start=date(2020, 1, 1),
        end=date(2023, 12, 31),
        blueprint="pazos",
        zones=zones,
        description=(
            "Estrategia de demostración (no es un plan real de la Alcaldía): modelo PAZOS en las "
            f"cinco comunas con más homicidios en {BASELINE_YEAR}. Las cifras de impacto son "
            "reales, calculadas de los registros de homicidio de Medellín (SISC, MEData)."
        ),
        legal_instrument="Demostración: sin acto administrativo",
        impact_source=DEMO_SOURCE,
        baseline_year=BASELINE_YEAR,
        yearly_change=Decimal(-5),
    )
    for indicator in strategy.indicators.all():
        services.indicator_update(
            indicator=indicator,
            user=None,
            reason="Responsable asignado en la demostración",
            responsible=analyst,
        )
    interruption = strategy.components.get(code="1")
    programme = services.programme_create(
        component=interruption,
        code="1.1",
        name="Gestores de convivencia (demo)",
        description="Equipo de gestores que interrumpe conflictos en las comunas priorizadas.",
        responsible_unit="Secretaría de Seguridad y Convivencia",
        responsible_organisation=organisation,
    )
    for number, (name, done) in enumerate(
        [
            ("Contratación y formación de gestores", date(2020, 3, 15)),
            ("Mapeo de conflictos por comuna", date(2020, 6, 30)),
            ("Mesas de mediación mensuales", None),
        ],
        start=1,
    ):
        services.activity_create(
            programme=programme,
            name=name,
            order=number,
            status="done" if done else "in_progress",
            completed_on=done,
            zones=zones,
        )
    output = services.indicator_create(
        strategy=strategy,
        user=None,
        code="OUT-1.1",
        name="Conflictos mediados por los gestores de convivencia",
        definition="Conflictos con riesgo de violencia letal atendidos y mediados (demo).",
        level=Indicator.Level.OUTPUT,
        unit=Indicator.Unit.COUNT,
        direction=Indicator.Direction.INCREASE,
        mode=Indicator.Mode.CUMULATIVE,
        frequency=Indicator.Frequency.QUARTER,
        component=interruption,
        programme=programme,
        responsible=analyst,
        means_of_verification="Fichas de mediación firmadas (demo).",
        targets={
            f"{y}Q{q}": Decimal(25 * (4 * (y - 2020) + q))
            for y in range(2020, 2024)
            for q in (1, 2, 3, 4)
        },
        disaggregations={"zone": False},
    )
    result = services.result_report(
        indicator=output,
        period="2020Q1",
        value=Decimal(18),
        user=staff,
        note="Dato sintético de demostración.",
        evidence_url="",
        evidence_file=ContentFile(
            b"Dato sintetico de demostracion: no corresponde a mediaciones reales.\n",
            name="evidencia-demo.txt",
        ),
    )
    # The yearly impact figures of complete years are approved, so that read-only accounts
    # (donors) see them; the incomplete year (records end in November 2023) stays pending.
    for computed in Result.objects.filter(
        indicator__strategy=strategy,
        origin="computed",
        period__in=["2020", "2021", "2022"],
        value__isnull=False,
    ):
        services.result_review(result=computed, user=analyst, comment="Revisado (demo)")
        services.result_approve(result=computed, user=analyst, comment="Aprobado (demo)")
    return (
        f"strategy {strategy.pk} with {len(zones)} target comunas; {result.indicator.code} pending"
    )


def register() -> None:
    register_step(DemoStep(210, "Strategy (PAZOS, Medellín)", _demo_strategy))
