"""Upload forms of the observatory's imports and the review queue."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from redpaz.observatory.models import Crime
from redpaz.territory.models import Territory

MAX_FILES = 30


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".xls,.xlsx,.csv,.gz"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            if len(data) > MAX_FILES:
                raise forms.ValidationError(
                    _("Upload at most %(n)s files at a time.") % {"n": MAX_FILES}
                )
            return [single(item, initial) for item in data]
        return [single(data, initial)]


def crime_choices(blank: str | None) -> list[tuple[str, str]]:
    choices = [(c.slug, c.name) for c in Crime.objects.order_by("name")]
    return [("", blank), *choices] if blank is not None else choices


class PoliciaForm(forms.Form):
    releases = MultipleFileField(
        label=_("Release files"),
        help_text=_("One or more yearly releases as published (.xls or .xlsx)."),
    )
    crime = forms.ChoiceField(label=_("Crime type"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        crime = cast(forms.ChoiceField, self.fields["crime"])
        crime.choices = crime_choices(str(_("As the title of each file says")))


class PointsForm(forms.Form):
    file = forms.FileField(
        label=_("Point file"),
        help_text=_(
            "CSV (any delimiter or encoding, also .csv.gz) or workbook, one row per victim or "
            "event, with date and time, longitude and latitude."
        ),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Territory.objects.none(), to_field_name="code"
    )
    crime = forms.ChoiceField(label=_("Crime type"), initial="homicidio")
    source = forms.SlugField(
        label=_("Source identifier"),
        required=False,
        help_text=_(
            "Files of one source replace each other; sources are never mixed. Leave empty for "
            "the municipality's own point records, or write e.g. medellin-sisc."
        ),
    )
    start = forms.DateField(
        label=_("Covers from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty to take the first date in the file."),
    )
    end = forms.DateField(
        label=_("Covers to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty to take the last date in the file."),
    )
    extraction_date = forms.DateField(
        label=_("Extracted on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, municipalities: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["municipality"]).queryset = municipalities
        cast(forms.ChoiceField, self.fields["crime"]).choices = crime_choices(None)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data


class TableForm(forms.Form):
    file = forms.FileField(
        label=_("Table"),
        help_text=_("CSV (any delimiter or encoding, also .csv.gz) or workbook (.xlsx)."),
    )
    mapping = forms.FileField(
        label=_("Mapping file"),
        help_text=_("A .toml file naming the table's columns (see the user guide)."),
    )
    extraction_date = forms.DateField(
        label=_("Extracted on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class RollbackForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that the records of this batch will be removed."), required=True
    )


class ReviewForm(forms.Form):
    zone = forms.IntegerField(required=False)
    decision = forms.ChoiceField(choices=[("confirm", "confirm"), ("reject", "reject")])
