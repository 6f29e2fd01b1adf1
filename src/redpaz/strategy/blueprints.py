"""Models a strategy can start from: PAZOS, Somos Comunidad, and the PISCC structure.

A blueprint names the strategy's first level, creates its components (or strategic lines), may
open a diagnosis outline, and proposes impact indicators computed from violence data, created
when the person starting the strategy picks a data source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ComponentBlueprint:
    code: str
    name: str | Promise
    description: str | Promise = ""


@dataclass(frozen=True)
class IndicatorBlueprint:
    code: str
    name: str | Promise
    level: str
    unit: str
    direction: str
    computation: str
    parameters: dict[str, Any]
    definition: str | Promise = ""
    means_of_verification: str | Promise = ""
    disaggregations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Blueprint:
    slug: str
    name: str | Promise
    description: str | Promise
    component_term: str | Promise
    components: tuple[ComponentBlueprint, ...] = ()
    diagnosis: str | Promise = ""
    indicators: tuple[IndicatorBlueprint, ...] = field(default_factory=tuple)


_VERIFY_VIOLENCE = _(
    "Records of the data source imported into RedPaz (each figure links to the rows behind it); "
    "population projections for the zones."
)

HOMICIDE_RATE = IndicatorBlueprint(
    code="IMP-1",
    name=_("Homicide rate per 100,000 inhabitants in the target zones"),
    level="impact",
    unit="rate_100k",
    direction="decrease",
    computation="violence.rate",
    parameters={"crime": "homicidio", "area": "zones"},
    definition=_(
        "Homicide victims in the target zones during the year per 100,000 inhabitants of those "
        "zones."
    ),
    means_of_verification=_VERIFY_VIOLENCE,
    disaggregations=("zone",),
)
YOUTH_HOMICIDES = IndicatorBlueprint(
    code="IMP-2",
    name=_("Homicides of young people aged 14–28 in the target zones"),
    level="impact",
    unit="count",
    direction="decrease",
    computation="violence.victims",
    parameters={"crime": "homicidio", "area": "zones", "age_min": 14, "age_max": 28},
    definition=_(
        "Homicide victims aged 14 to 28 (youth, Ley 1622 de 2013) in the target zones during the "
        "year. Records without an exact age are left out."
    ),
    means_of_verification=_VERIFY_VIOLENCE,
    disaggregations=("sex", "zone"),
)
YOUTH_HOMICIDE_RATE = IndicatorBlueprint(
    code="IMP-3",
    name=_("Homicide rate of young people aged 14–28 per 100,000 in the target zones"),
    level="impact",
    unit="rate_100k",
    direction="decrease",
    computation="violence.rate",
    parameters={"crime": "homicidio", "area": "zones", "age_min": 14, "age_max": 28},
    definition=_(
        "Homicide victims aged 14 to 28 per 100,000 inhabitants aged 14 to 28 of the target "
        "zones. Needs the population of that age by zone (Strategy → Youth population)."
    ),
    means_of_verification=_VERIFY_VIOLENCE,
)
TERRITORY_HOMICIDE_RATE = IndicatorBlueprint(
    code="SEG-1",
    name=_("Homicide rate per 100,000 inhabitants"),
    level="impact",
    unit="rate_100k",
    direction="decrease",
    computation="violence.rate",
    parameters={"crime": "homicidio", "area": "territory"},
    definition=_("Homicide victims in the territory during the year per 100,000 inhabitants."),
    means_of_verification=_VERIFY_VIOLENCE,
)
TERRITORY_HOMICIDES = IndicatorBlueprint(
    code="SEG-2",
    name=_("Homicide victims"),
    level="impact",
    unit="count",
    direction="decrease",
    computation="violence.victims",
    parameters={"crime": "homicidio", "area": "territory"},
    definition=_("Homicide victims in the territory during the year."),
    means_of_verification=_VERIFY_VIOLENCE,
    disaggregations=("sex", "age_group"),
)

PAZOS = Blueprint(
    slug="pazos",
    name=_("PAZOS model"),
    description=_(
        "Five components working on the same priority zones, from stopping the next killing to "
        "access to justice."
    ),
    component_term=_("Component"),
    components=(
        ComponentBlueprint(
            "1",
            _("Interruption"),
            _(
                "Detect conflicts that may end in a killing and interrupt them: violence "
                "interrupters, mediation, response after a shooting to prevent retaliation."
            ),
        ),
        ComponentBlueprint(
            "2",
            _("Intervention"),
            _(
                "Work with the people at highest risk of killing or being killed: individual "
                "accompaniment, psychosocial support, education and work opportunities."
            ),
        ),
        ComponentBlueprint(
            "3",
            _("Prevention"),
            _(
                "Keep children and young people out of violence: schools, families, culture, "
                "sport and youth organisations in the priority zones."
            ),
        ),
        ComponentBlueprint(
            "4",
            _("Environments for life"),
            _(
                "Situational prevention: recover and light public spaces, improve the places "
                "where violence concentrates, and keep them in community use."
            ),
        ),
        ComponentBlueprint(
            "5",
            _("Access to justice"),
            _(
                "Bring justice closer: community justice, conciliation, restorative justice and "
                "the institutions that resolve conflicts before they become violent."
            ),
        ),
    ),
    indicators=(HOMICIDE_RATE, YOUTH_HOMICIDES, YOUTH_HOMICIDE_RATE),
)

SOMOS_COMUNIDAD = Blueprint(
    slug="somos-comunidad",
    name=_("Somos Comunidad model"),
    description=_(
        "Community-based security: social cohesion in the neighbourhoods and local security "
        "systems that bring community and institutions together."
    ),
    component_term=_("Component"),
    components=(
        ComponentBlueprint(
            "1",
            _("Social cohesion"),
            _(
                "Trust, organisation and shared use of space among neighbours: community "
                "initiatives, leaders, coexistence agreements."
            ),
        ),
        ComponentBlueprint(
            "2",
            _("Local security systems"),
            _(
                "Local security and coexistence councils, community-police coordination, early "
                "warning and follow-up of commitments."
            ),
        ),
    ),
    indicators=(HOMICIDE_RATE, YOUTH_HOMICIDES),
)

PISCC = Blueprint(
    slug="piscc",
    name=_("PISCC structure"),
    description=_(
        "Plan Integral de Seguridad y Convivencia Ciudadana: diagnosis, strategic lines, "
        "programmes, projects and follow-up indicators."
    ),
    component_term=_("Strategic line"),
    diagnosis=_(
        "1. Context of the territory\n"
        "2. Crimes and behaviours prioritised (with their trends and where they concentrate)\n"
        "3. Territories prioritised\n"
        "4. Institutional capacities and the offer of the security and justice sector\n"
        "5. Problems to solve and their causes"
    ),
    indicators=(TERRITORY_HOMICIDE_RATE, TERRITORY_HOMICIDES),
)

BLANK = Blueprint(
    slug="blank",
    name=_("Blank strategy"),
    description=_("Start from nothing and add your own components."),
    component_term=_("Component"),
)

BLUEPRINTS: dict[str, Blueprint] = {b.slug: b for b in (PAZOS, SOMOS_COMUNIDAD, PISCC, BLANK)}


def choices() -> list[tuple[str, str]]:
    return [(b.slug, str(b.name)) for b in BLUEPRINTS.values()]
