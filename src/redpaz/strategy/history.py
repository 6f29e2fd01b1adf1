"""Readable history: the field names and values of revisions and computation inputs."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from redpaz.strategy.models import Disaggregation, Indicator
from redpaz.strategy.periods import Period
from redpaz.territory.models import AGE_MAX

INPUT_LABELS = {
    "source": gettext_lazy("Data source"),
    "crime": gettext_lazy("Crime"),
    "start": gettext_lazy("From"),
    "end": gettext_lazy("To"),
    "sex": gettext_lazy("Victims' sex"),
    "age_min": gettext_lazy("Victims aged from"),
    "age_max": gettext_lazy("Victims aged up to"),
    "area": gettext_lazy("Area"),
    "zones": gettext_lazy("Zones"),
    "municipalities": gettext_lazy("Municipalities"),
    "victims": gettext_lazy("Victims counted"),
    "person_years": gettext_lazy("Person-years (population weighted by the share of each year)"),
    "age_from": gettext_lazy("Population aged from"),
    "age_to": gettext_lazy("Population aged up to"),
    "annualised": gettext_lazy("Annualised"),
    "component": gettext_lazy("Component"),
    "value": gettext_lazy("Value"),
    "evidence_url": gettext_lazy("Evidence (link)"),
    "evidence_file": gettext_lazy("Evidence (file)"),
}
HIDDEN_INPUTS = {"population", "missing_population"}


def _value(value: Any, key: str = "") -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if key == "age_to" and value == AGE_MAX:
        return str(_("no upper limit"))
    if key == "sex":
        return {"female": str(_("Women")), "male": str(_("Men"))}.get(str(value), str(value))
    return str(value)


def inputs_display(inputs: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (str(INPUT_LABELS.get(key, key)), _value(value, key))
        for key, value in inputs.items()
        if key not in HIDDEN_INPUTS
    ]


def _field_label(name: str) -> str:
    if name.startswith("target "):
        key = name.removeprefix("target ")
        try:
            from redpaz.strategy.selectors.iptt import period_label

            return f"{_('Target')} {period_label(Period.parse(key))}"
        except ValueError:
            return name
    if name.startswith("disaggregation "):
        dimension = name.removeprefix("disaggregation ")
        labels = dict(Disaggregation.Dimension.choices)
        return f"{_('Disaggregation')}: {labels.get(dimension, dimension)}"
    try:
        field: Any = Indicator._meta.get_field(name)
        return str(field.verbose_name).capitalize()
    except FieldDoesNotExist:
        return str(INPUT_LABELS.get(name, name))


def _change_value(name: str, value: str) -> str:
    if not value:
        return "—"
    if name.startswith("disaggregation "):
        return {
            "with double counting": str(_("with double counting")),
            "without double counting": str(_("without double counting")),
        }.get(value, value)
    try:
        field = Indicator._meta.get_field(name)
    except FieldDoesNotExist:
        return value
    choices = dict(getattr(field, "choices", None) or [])
    if value in choices:
        return str(choices[value])
    if value in ("True", "False"):
        return str(_("Yes") if value == "True" else _("No"))
    return value


def changes_display(changes: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(label, before, after) of a revision's or an event's changes."""
    rows = []
    for name, pair in changes.items():
        before, after = [*pair, "", ""][:2] if isinstance(pair, list) else ("", str(pair))
        rows.append(
            (_field_label(name), _change_value(name, str(before)), _change_value(name, str(after)))
        )
    return rows
