"""Forms of the strategy pages. They validate input; services do the writing."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from redpaz.accounts.models import Organisation
from redpaz.strategy import blueprints, computations
from redpaz.strategy.categories import categories
from redpaz.strategy.computations import Computation, Parameter
from redpaz.strategy.models import (
    Activity,
    Component,
    Disaggregation,
    Indicator,
    Programme,
    Strategy,
)
from redpaz.strategy.periods import Period
from redpaz.territory.models import Territory

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REASON_HELP = _("Kept in the indicator's history with your name and the date.")


def zone_label(zone: Territory) -> str:
    """ "13 · San Javier"; other levels than comunas say their level."""
    label = f"{zone.code} · {zone.name}"
    return label if zone.level == "comuna" else f"{label} ({zone.get_level_display()})"


def reason_field(required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=_("Reason for the change"),
        required=required,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
    )


class TerritoryChoiceForm(forms.Form):
    territory = forms.ModelChoiceField(
        label=_("Municipality or department"), queryset=Territory.objects.none()
    )

    def __init__(self, *args: Any, territories: QuerySet[Territory], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field: Any = self.fields["territory"]
        field.queryset = territories
        field.label_from_instance = lambda t: f"{t.name} ({t.code})"


class StrategyCreateForm(forms.Form):
    blueprint = forms.ChoiceField(
        label=_("Start from"), choices=blueprints.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    start = forms.DateField(label=_("Start"), widget=DATE)
    end = forms.DateField(label=_("End"), widget=DATE)
    target_zones = forms.ModelMultipleChoiceField(
        label=_("Target zones"),
        queryset=Territory.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Comunas, barrios, priority clusters... where the strategy works."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    legal_instrument = forms.CharField(label=_("Adopted by"), required=False, max_length=200)
    quarterly = forms.BooleanField(label=_("Report by quarter"), required=False, initial=True)
    impact_source = forms.ChoiceField(
        label=_("Data source of the impact indicators"),
        required=False,
        help_text=_(
            "The model's impact indicators (homicide rate, homicides of young people...) are "
            "computed from this source. Leave empty to add indicators yourself."
        ),
    )
    baseline_year = forms.IntegerField(
        label=_("Baseline year"), required=False, min_value=1990, max_value=2100
    )
    yearly_change = forms.DecimalField(
        label=_("Target change per year (%)"),
        required=False,
        max_digits=5,
        decimal_places=1,
        min_value=Decimal(-90),
        max_value=Decimal(200),
        help_text=_("E.g. -5 for targets 5 percent lower each year than the year before."),
    )

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Any],
        zones: QuerySet[Territory],
        sources: Sequence[tuple[str, str]],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["target_zones"].queryset = zones  # type: ignore[attr-defined]
        self.fields["target_zones"].label_from_instance = zone_label  # type: ignore[attr-defined]
        self.fields["impact_source"].choices = [("", "—"), *sources]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end is before the start."))
        if data.get("yearly_change") is not None and data.get("baseline_year") is None:
            self.add_error("baseline_year", _("Targets follow from a baseline: choose its year."))
        return data


class StrategyForm(forms.ModelForm):
    class Meta:
        model = Strategy
        fields = [
            "name",
            "description",
            "diagnosis",
            "legal_instrument",
            "component_term",
            "start",
            "end",
            "quarterly",
            "on_track_threshold",
            "target_zones",
        ]
        widgets = {
            "start": DATE,
            "end": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "diagnosis": forms.Textarea(attrs={"rows": 8}),
            "target_zones": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, zones: QuerySet[Territory], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["target_zones"].queryset = zones  # type: ignore[attr-defined]
        self.fields["target_zones"].label_from_instance = zone_label  # type: ignore[attr-defined]


class ComponentForm(forms.ModelForm):
    class Meta:
        model = Component
        fields = ["code", "name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "component",
            "kind",
            "parent",
            "code",
            "name",
            "description",
            "responsible_unit",
            "responsible_organisation",
            "start",
            "end",
            "budget",
        ]
        widgets = {"start": DATE, "end": DATE, "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, strategy: Strategy, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["component"].queryset = strategy.components.all()  # type: ignore[attr-defined]
        self.fields["parent"].queryset = Programme.objects.filter(  # type: ignore[attr-defined]
            component__strategy=strategy, parent__isnull=True
        )


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "programme",
            "name",
            "description",
            "responsible",
            "start",
            "end",
            "status",
            "completed_on",
            "zones",
        ]
        widgets = {
            "start": DATE,
            "end": DATE,
            "completed_on": DATE,
            "description": forms.Textarea(attrs={"rows": 2}),
            "zones": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, strategy: Strategy, people: QuerySet[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(  # type: ignore[attr-defined]
            component__strategy=strategy
        )
        self.fields["responsible"].queryset = people  # type: ignore[attr-defined]
        self.fields["zones"].queryset = strategy.target_zones.all()  # type: ignore[attr-defined]


def parameter_field(parameter: Parameter) -> forms.Field:
    common: dict[str, Any] = {
        "label": parameter.label,
        "required": parameter.required,
        "help_text": parameter.help_text,
        "initial": parameter.default,
    }
    if parameter.kind == "int":
        return forms.IntegerField(**common)
    if parameter.kind == "bool":
        return forms.BooleanField(**{**common, "required": False})
    if parameter.kind == "choice" and parameter.choices is not None:
        options = list(parameter.choices())
        return forms.ChoiceField(
            choices=([] if parameter.required else [("", "—")]) + options, **common
        )
    return forms.CharField(**common)


INDICATOR_FIELDS = [
    "code",
    "name",
    "definition",
    "level",
    "component",
    "programme",
    "unit",
    "direction",
    "mode",
    "frequency",
    "baseline_value",
    "baseline_date",
    "baseline_note",
    "responsible",
    "means_of_verification",
    "is_key",
]


class IndicatorForm(forms.ModelForm):
    computation = forms.ChoiceField(
        label=_("How the actual value is obtained"),
        required=False,
        help_text=_("Reported by a person with evidence, or computed from data in RedPaz."),
    )

    class Meta:
        model = Indicator
        fields = INDICATOR_FIELDS
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "means_of_verification": forms.Textarea(attrs={"rows": 2}),
            "baseline_date": DATE,
        }

    def __init__(
        self,
        *args: Any,
        strategy: Strategy,
        people: QuerySet[Any],
        computation: Computation | None,
        require_reason: bool,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.strategy = strategy
        self.computation_obj = computation
        self.fields["component"].queryset = strategy.components.all()  # type: ignore[attr-defined]
        self.fields["component"].label = strategy.component_label
        self.fields["programme"].queryset = Programme.objects.filter(  # type: ignore[attr-defined]
            component__strategy=strategy
        )
        self.fields["responsible"].queryset = people  # type: ignore[attr-defined]
        self.fields["computation"].choices = [  # type: ignore[attr-defined]
            ("", _("Reported by a person")),
            *[(c.name, str(c.label)) for c in computations.available()],
        ]
        if computation is not None:
            self.fields["computation"].initial = computation.name
            self.fields["unit"].initial = computation.unit
            existing = self.instance.parameters if self.instance.pk else {}
            for parameter in computation.parameters:
                field = parameter_field(parameter)
                if parameter.name in existing:
                    field.initial = existing[parameter.name]
                self.fields[f"param_{parameter.name}"] = field
        self.fields["reason"] = reason_field(required=require_reason)

    @property
    def parameter_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name.startswith("param_")]

    def parameters(self) -> dict[str, Any]:
        return {
            name.removeprefix("param_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("param_") and value not in (None, "")
        }


class TargetsForm(forms.Form):
    def __init__(
        self,
        *args: Any,
        periods: list[tuple[Period, str]],
        current: dict[str, Decimal],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.periods = periods
        for period, label in periods:
            self.fields[f"target_{period.key}"] = forms.DecimalField(
                label=label,
                required=False,
                max_digits=20,
                decimal_places=4,
                initial=current.get(period.key),
            )
        self.fields["reason"] = reason_field()

    def targets(self) -> dict[str, Decimal | None]:
        return {
            period.key: self.cleaned_data.get(f"target_{period.key}") for period, _l in self.periods
        }


DIMENSION_STATES = [
    ("", _("Not disaggregated")),
    ("exclusive", _("Without double counting (categories add up to the total)")),
    ("overlapping", _("With double counting (a unit may be in several categories)")),
]


class DisaggregationsForm(forms.Form):
    def __init__(self, *args: Any, current: dict[str, bool], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for dimension, label in Disaggregation.Dimension.choices:
            initial = (
                ""
                if dimension not in current
                else ("overlapping" if current[dimension] else "exclusive")
            )
            self.fields[f"dim_{dimension}"] = forms.ChoiceField(
                label=label, choices=DIMENSION_STATES, required=False, initial=initial
            )
        self.fields["reason"] = reason_field()

    def dimensions(self) -> dict[str, bool]:
        return {
            name.removeprefix("dim_"): value == "overlapping"
            for name, value in self.cleaned_data.items()
            if name.startswith("dim_") and value
        }


class BaselineForm(forms.Form):
    year = forms.IntegerField(label=_("Baseline year"), min_value=1990, max_value=2100)
    reason = reason_field()


VALUE_HELP: dict[str, Any] = {
    Indicator.Mode.CUMULATIVE: _(
        "What happened in this period alone: the IPTT adds the periods up into running totals."
    ),
    Indicator.Mode.NON_SUMMING: _(
        "The running figure from the start of the strategy to the end of this period (unique "
        "people reached so far, for instance)."
    ),
}


class ResultForm(forms.Form):
    value = forms.DecimalField(label=_("Value"), max_digits=20, decimal_places=4)
    note = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence_file = forms.FileField(label=_("Evidence (file)"), required=False)
    evidence_url = forms.URLField(
        label=_("Evidence (link)"), required=False, max_length=500, assume_scheme="https"
    )

    def __init__(
        self,
        *args: Any,
        indicator: Indicator,
        current: dict[tuple[str, str], Decimal],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["value"].help_text = VALUE_HELP.get(indicator.mode, "")
        self.breakdown: list[tuple[str, str, list[Any]]] = []
        for disaggregation in indicator.disaggregations.all():
            names = []
            for code, label in categories(disaggregation.dimension, indicator.strategy):
                name = f"dis_{disaggregation.dimension}_{code}"
                self.fields[name] = forms.DecimalField(
                    label=label,
                    required=False,
                    max_digits=20,
                    decimal_places=4,
                    min_value=Decimal(0),
                    initial=current.get((disaggregation.dimension, code)),
                )
                names.append(name)
            help_text = (
                _("With double counting: each category at most the total.")
                if disaggregation.double_counting
                else _("Without double counting: the categories must add up to the total.")
            )
            self.breakdown.append(
                (disaggregation.get_dimension_display(), str(help_text), [self[n] for n in names])
            )

    def values(self) -> dict[str, dict[str, Decimal]]:
        found: dict[str, dict[str, Decimal]] = {}
        for name, value in self.cleaned_data.items():
            if name.startswith("dis_") and value is not None:
                dimension, category = _split_breakdown_name(name)
                found.setdefault(dimension, {})[category] = value
        return found


def _split_breakdown_name(name: str) -> tuple[str, str]:
    rest = name.removeprefix("dis_")
    for dimension in Disaggregation.Dimension.values:
        if rest.startswith(dimension + "_"):
            return dimension, rest[len(dimension) + 1 :]
    raise ValueError(name)


class ActionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment or reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PopulationUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Population table (CSV or XLSX)"),
        help_text=_(
            "Columns codigo, nombre, año, poblacion, edad_desde, edad_hasta (and optionally sexo)."
        ),
    )
