"""Categories of each disaggregation dimension."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from redpaz.territory.models import AGE_MAX

if TYPE_CHECKING:
    from redpaz.strategy.models import Strategy

UNKNOWN = "unknown"
OUTSIDE = "outside"

SEX = [
    ("female", _("Women")),
    ("male", _("Men")),
    ("intersex", _("Intersex")),
    (UNKNOWN, _("Not reported")),
]

# Ley 1622 de 2013 defines youth as 14 to 28: the bands keep that range whole.
AGE_BANDS: list[tuple[str, int, int]] = [
    ("0-13", 0, 13),
    ("14-17", 14, 17),
    ("18-28", 18, 28),
    ("29-59", 29, 59),
    ("60+", 60, AGE_MAX),
]
AGE_GROUPS = [(code, code if code != "60+" else _("60 and over")) for code, _a, _b in AGE_BANDS] + [
    (UNKNOWN, _("Not reported"))
]

# The census's ethnic self-recognition categories (DANE, CNPV 2018).
ETHNICITY = [
    ("indigenous", _("Indigenous")),
    ("rrom", _("Rrom (Gypsy)")),
    ("raizal", _("Raizal of San Andrés, Providencia and Santa Catalina")),
    ("palenquero", _("Palenquero of San Basilio")),
    ("afro", _("Black, mulatto, Afro-descendant, Afro-Colombian")),
    ("none", _("No ethnic group")),
    (UNKNOWN, _("Not reported")),
]


def age_band(age: int | None) -> str:
    if age is None:
        return UNKNOWN
    for code, low, high in AGE_BANDS:
        if low <= age <= high:
            return code
    return UNKNOWN


def categories(dimension: str, strategy: Strategy) -> list[tuple[str, str]]:
    """(code, label) of a dimension's categories for a strategy."""
    if dimension == "sex":
        return [(c, str(label)) for c, label in SEX]
    if dimension == "age_group":
        return [(c, str(label)) for c, label in AGE_GROUPS]
    if dimension == "ethnicity":
        return [(c, str(label)) for c, label in ETHNICITY]
    if dimension == "zone":
        zones = [(str(z.pk), z.name) for z in strategy.target_zones.order_by("level", "code")]
        return [*zones, (OUTSIDE, str(_("Outside the target zones")))]
    if dimension == "component":
        return [(c.code, str(c)) for c in strategy.components.all()]
    raise ValueError(f"unknown dimension {dimension!r}")
