from django import forms
from django.utils.translation import gettext_lazy as _


class RenameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)


class AliasForm(forms.Form):
    name = forms.CharField(
        label=_("Alternative name"),
        max_length=200,
        help_text=_("As it appears in outside data, e.g. 'MEDELLÍN (CT)' or 'C-11'."),
    )
