"""Forms of the participant pages: they validate input; services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redpaz.accounts.models import User
from redpaz.participants.crypto import Identity
from redpaz.participants.models import Consent, DataRequest, Enrolment, Person, Stage
from redpaz.strategy.models import Activity, Programme
from redpaz.territory.models import Territory

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonForm(forms.Form):
    document_type = forms.ChoiceField(
        label=_("Document type"), choices=Person.DocumentType.choices, required=False
    )
    document_number = forms.CharField(label=_("Document number"), max_length=30, required=False)
    given_names = forms.CharField(label=_("Given names"), max_length=100)
    first_surname = forms.CharField(label=_("First surname"), max_length=60)
    second_surname = forms.CharField(label=_("Second surname"), max_length=60, required=False)
    birth_date = forms.DateField(label=_("Date of birth"), widget=DATE)
    sex = forms.ChoiceField(label=_("Sex"), choices=Person.Sex.choices, required=False)
    gender_identity = forms.CharField(label=_("Gender identity"), max_length=60, required=False)
    ethnicity = forms.ChoiceField(
        label=_("Ethnicity"), choices=Person.Ethnicity.choices, required=False
    )
    disability = forms.BooleanField(label=_("Has a disability"), required=False)
    victim_of_conflict = forms.BooleanField(label=_("Victim of the armed conflict"), required=False)
    zone = forms.ModelChoiceField(label=_("Zone of residence"), queryset=Territory.objects.none())
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)

    ATTRIBUTES = (
        "document_type",
        "birth_date",
        "sex",
        "gender_identity",
        "ethnicity",
        "disability",
        "victim_of_conflict",
        "zone",
    )

    def __init__(self, *args: Any, zones: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = zones  # type: ignore[attr-defined]

    def identity(self, guardian_name: str = "") -> Identity:
        data = self.cleaned_data
        return Identity(
            document_number=data["document_number"].strip(),
            given_names=data["given_names"].strip(),
            first_surname=data["first_surname"].strip(),
            second_surname=data["second_surname"].strip(),
            phone=data["phone"].strip(),
            email=data["email"].strip(),
            address=data["address"].strip(),
            guardian_name=guardian_name,
        )

    def attributes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.ATTRIBUTES}

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        identity = person.identity
        initial: dict[str, Any] = {name: getattr(person, name) for name in cls.ATTRIBUTES}
        initial.update(
            document_number=identity.document_number,
            given_names=identity.given_names,
            first_surname=identity.first_surname,
            second_surname=identity.second_surname,
            phone=identity.phone,
            email=identity.email,
            address=identity.address,
        )
        return initial


class ConsentForm(forms.Form):
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"), choices=Consent.LegalBasis.choices, initial="consent"
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 2}),
        initial=_("Enrolment, follow-up and measurement of the results of the programmes."),
    )
    given_on = forms.DateField(label=_("Date of the authorisation"), widget=DATE)
    form = forms.ChoiceField(label=_("Form"), choices=Consent.Form.choices, initial="written")
    given_by = forms.ChoiceField(
        label=_("Given by"),
        choices=[("", _("The person, or their guardian if a minor")), *Consent.GivenBy.choices],
        required=False,
    )
    guardian_name = forms.CharField(
        label=_("Guardian's name (minors)"), max_length=120, required=False
    )
    expires_on = forms.DateField(label=_("Valid until"), widget=DATE, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate()


class NewPersonForm(PersonForm, ConsentForm):
    """Registration: the person and their authorisation together (no record without one)."""

    programme = forms.ModelChoiceField(
        label=_("Enrol in"), queryset=Programme.objects.none(), required=False
    )

    def __init__(self, *args: Any, zones: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, zones=zones, **kwargs)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]


class WithdrawForm(forms.Form):
    on = forms.DateField(label=_("Withdrawn on"), widget=DATE)
    note = forms.CharField(
        label=_("How it was withdrawn"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class EnrolForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    enrolled_on = forms.DateField(label=_("Enrolled on"), widget=DATE)

    def __init__(self, *args: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        self.fields["enrolled_on"].initial = timezone.localdate()


class ExitForm(forms.Form):
    exited_on = forms.DateField(label=_("Exited on"), widget=DATE)
    exit_reason = forms.ChoiceField(label=_("Reason"), choices=Enrolment.ExitReason.choices)


class AdvanceForm(forms.Form):
    stage = forms.ModelChoiceField(label=_("Stage"), queryset=Stage.objects.none())
    on = forms.DateField(label=_("Since"), widget=DATE)

    def __init__(self, *args: Any, stages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = stages  # type: ignore[attr-defined]
        self.fields["on"].initial = timezone.localdate()


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Request"), choices=DataRequest.Kind.choices)
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    details = forms.CharField(
        label=_("What was asked"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer and what was done"), widget=forms.Textarea(attrs={"rows": 3})
    )
    reject = forms.BooleanField(label=_("Reject (with the reasons above)"), required=False)


class ProfileForm(forms.Form):
    min_age = forms.IntegerField(label=_("Minimum age"), min_value=0, max_value=120, required=False)
    max_age = forms.IntegerField(label=_("Maximum age"), min_value=0, max_value=120, required=False)
    zones = forms.ModelMultipleChoiceField(
        label=_("Priority zones"),
        queryset=Territory.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    staff = forms.ModelMultipleChoiceField(
        label=_("Programme staff"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They see this programme's participants, and only them."),
    )
    stages = forms.CharField(
        label=_("Route stages, one per line"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("E.g. Psychosocial support, Training, Job placement."),
    )

    def __init__(self, *args: Any, zones: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["zones"].queryset = zones  # type: ignore[attr-defined]
        if people is None:
            # Only those who see every participant assign a programme's staff.
            del self.fields["staff"]
        else:
            self.fields["staff"].queryset = people  # type: ignore[attr-defined]


class SessionForm(forms.Form):
    activity = forms.ModelChoiceField(label=_("Activity"), queryset=Activity.objects.none())
    date = forms.DateField(label=_("Date"), widget=DATE)
    hours = forms.DecimalField(label=_("Hours"), min_value=0, max_value=24, initial=2)
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)
    zone = forms.ModelChoiceField(
        label=_("Zone"), queryset=Territory.objects.none(), required=False
    )

    def __init__(self, *args: Any, activities: Any, zones: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]
        self.fields["zone"].queryset = zones  # type: ignore[attr-defined]
        self.fields["date"].initial = timezone.localdate()
