from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from redpaz.accounts.roles import Role
from redpaz.territory.models import Level, Territory


class TerritoryChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Territory) -> str:
        if obj.level == Level.MUNICIPALITY:
            return f"{obj.name} ({obj.code})"
        return f"{obj.get_level_display()} {obj.code} · {obj.name}"


class _TerritoriesMixin(forms.Form):
    territories = TerritoryChoiceField(
        label=_("Territories of responsibility"),
        queryset=Territory.objects.none(),
        required=False,
        help_text=_("A municipality covers all its zones; a zone covers the zones inside it."),
    )
    all_territories = forms.BooleanField(label=_("All territories"), required=False)

    def setup_territories(self, grantable: Any, may_grant_all: bool) -> None:
        field = cast(TerritoryChoiceField, self.fields["territories"])
        field.queryset = grantable
        # Municipalities first, then zones: the order a person looks for them in.
        items = sorted(grantable, key=lambda t: (t.level != Level.MUNICIPALITY, t.level, t.name))
        field.choices = [(t.pk, field.label_from_instance(t)) for t in items]
        if not may_grant_all:
            del self.fields["all_territories"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("territories") and not data.get("all_territories"):
            raise forms.ValidationError(_("Choose at least one territory."))
        return data


class MemberAddForm(_TerritoriesMixin):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("An existing account, or a new one that will be created."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    field_order = ["username", "first_name", "last_name", "email", "role", "territories"]


class MembershipTerritoriesForm(_TerritoriesMixin):
    pass
