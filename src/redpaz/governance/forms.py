"""Forms of the governance pages. They validate input; services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from redpaz.accounts.models import Organisation, User
from redpaz.governance import criteria
from redpaz.governance.models import (
    AgendaItem,
    Attendance,
    Commitment,
    Committee,
    CommitteeMember,
    ParticipationBody,
    Session,
)
from redpaz.territory.models import Territory

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def zone_label(zone: Territory) -> str:
    label = f"{zone.code} · {zone.name}"
    return label if zone.level == "comuna" else f"{label} ({zone.get_level_display()})"


def person_label(user: User) -> str:
    name = user.get_full_name()
    return f"{name} ({user.username})" if name else user.username


class CommitteeForm(forms.ModelForm):
    class Meta:
        model = Committee
        fields = [
            "name",
            "kind",
            "organisation",
            "municipality",
            "strategy",
            "zones",
            "purpose",
            "legal_basis",
            "is_public",
            "frequency",
            "week_of_month",
            "weekday",
            "day_of_month",
            "start_time",
            "duration_minutes",
            "place",
            "quorum_rule",
            "quorum_fixed",
            "is_active",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "zones": forms.CheckboxSelectMultiple,
            "start_time": TIME,
        }

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        municipalities: QuerySet[Territory],
        strategies: QuerySet[Any],
        zones: QuerySet[Territory],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["organisation"].queryset = organisations
        fields["municipality"].queryset = municipalities
        fields["municipality"].label_from_instance = lambda t: f"{t.name} ({t.code})"
        fields["strategy"].queryset = strategies
        fields["zones"].queryset = zones
        fields["zones"].label_from_instance = zone_label
        fields["week_of_month"].help_text = _("With a weekday: e.g. the second Tuesday.")
        fields["day_of_month"].help_text = _(
            "Or a day of the month. A session on a public holiday (or, by day of the month, on "
            "a weekend) moves to the next working day."
        )
        if self.instance.pk:
            # The territory of a committee with sessions does not change.
            fields["municipality"].disabled = True
            fields["organisation"].disabled = True


class MemberForm(forms.ModelForm):
    class Meta:
        model = CommitteeMember
        fields = [
            "user",
            "name",
            "position",
            "organisation",
            "dependency",
            "role",
            "has_vote",
            "alternate_of",
            "start",
            "end",
        ]
        widgets = {"start": DATE, "end": DATE}

    def __init__(
        self,
        *args: Any,
        committee: Committee,
        people: QuerySet[User],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["user"].queryset = people
        fields["user"].label_from_instance = person_label
        fields["user"].help_text = _(
            "With an account the person sees the committee and is notified of their commitments."
        )
        fields["name"].required = False
        fields["name"].help_text = _("Empty: the account's name.")
        fields["organisation"].queryset = Organisation.objects.filter(is_active=True)
        principals = committee.members.filter(alternate_of__isnull=True)
        if self.instance.pk:
            principals = principals.exclude(pk=self.instance.pk)
        fields["alternate_of"].queryset = principals
        fields["alternate_of"].help_text = _(
            "For an alternate (suplente): the principal they stand in for."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("name") and not data.get("user"):
            self.add_error("name", _("Give a name or choose an account."))
        return data


class GenerateForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("To"), widget=DATE)
    replace_planned = forms.BooleanField(
        label=_("Replace planned sessions that hold nothing yet"),
        required=False,
        help_text=_("After changing the meeting rule: sessions with attendance or minutes stay."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end is before the start."))
        return data


class SessionCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Session.Kind.choices)
    day = forms.DateField(label=_("Date"), widget=DATE)
    start_time = forms.TimeField(label=_("Starts at"), widget=TIME, required=False)
    end_time = forms.TimeField(label=_("Ends at"), widget=TIME, required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)


class SessionForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DATE)
    start_time = forms.TimeField(label=_("Starts at"), widget=TIME)
    end_time = forms.TimeField(label=_("Ends at"), widget=TIME)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    presided_by = forms.ModelChoiceField(
        label=_("Presided by"), queryset=CommitteeMember.objects.none(), required=False
    )
    secretary = forms.ModelChoiceField(
        label=_("Secretary"), queryset=CommitteeMember.objects.none(), required=False
    )

    def __init__(self, *args: Any, members: QuerySet[CommitteeMember], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["presided_by"].queryset = members  # type: ignore[attr-defined]
        self.fields["secretary"].queryset = members  # type: ignore[attr-defined]


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Development of the session"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, items: list[AgendaItem], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.CharField(
                label=item.title,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=item.notes,
            )

    def item_fields(self) -> list[tuple[AgendaItem, forms.BoundField]]:
        return [(item, self[f"item_{item.pk}"]) for item in self.items]


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "detail", "presenter", "order"]
        widgets = {"detail": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False


class AttendanceForm(forms.Form):
    """One choice per member (principals and alternates) and up to five new guests."""

    GUEST_ROWS = 5

    def __init__(self, *args: Any, rows: list[Any], guests: list[Attendance], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.rows = rows
        choices = [("", _("not recorded")), *Attendance.Status.choices]
        for row in rows:
            self.fields[f"member_{row.member.pk}"] = forms.ChoiceField(
                label=row.member.name, choices=choices, required=False, initial=row.status
            )
        existing = [(g.name, g.organisation_name, g.position) for g in guests]
        for index in range(len(existing) + self.GUEST_ROWS):
            name, organisation, position = (
                existing[index] if index < len(existing) else ("", "", "")
            )
            self.fields[f"guest_{index}_name"] = forms.CharField(
                label=_("Guest"), required=False, initial=name, max_length=200
            )
            self.fields[f"guest_{index}_organisation"] = forms.CharField(
                label=_("Organisation"), required=False, initial=organisation, max_length=300
            )
            self.fields[f"guest_{index}_position"] = forms.CharField(
                label=_("Position"), required=False, initial=position, max_length=200
            )
        self.guest_count = len(existing) + self.GUEST_ROWS

    def member_fields(self) -> list[tuple[Any, forms.BoundField]]:
        return [(row, self[f"member_{row.member.pk}"]) for row in self.rows]

    def guest_fields(self) -> list[tuple[forms.BoundField, ...]]:
        return [
            (self[f"guest_{i}_name"], self[f"guest_{i}_organisation"], self[f"guest_{i}_position"])
            for i in range(self.guest_count)
        ]


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}))
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False
    )

    def __init__(self, *args: Any, session: Session, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = session.agenda.filter(  # type: ignore[attr-defined]
            dismissed=False
        )


class CommitmentForm(forms.Form):
    description = forms.CharField(label=_("Commitment"), widget=forms.Textarea(attrs={"rows": 2}))
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item it came from"), queryset=AgendaItem.objects.none(), required=False
    )
    owner_member = forms.ModelChoiceField(
        label=_("Owner (member of the committee)"),
        queryset=CommitteeMember.objects.none(),
        required=False,
    )
    owner_name = forms.CharField(
        label=_("Or another owner"),
        required=False,
        max_length=200,
        help_text=_("Someone who is not a member: their name and position."),
    )
    owner_user = forms.ModelChoiceField(
        label=_("Owner's account"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Notified when the commitment falls overdue."),
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("Owner's organisation"), queryset=Organisation.objects.none(), required=False
    )
    owner_dependency = forms.CharField(label=_("Dependency"), required=False, max_length=200)
    due_date = forms.DateField(label=_("Due date"), widget=DATE)
    component = forms.ModelChoiceField(
        label=_("Strategy component"), queryset=CommitteeMember.objects.none(), required=False
    )
    programme = forms.ModelChoiceField(
        label=_("Programme or project"), queryset=CommitteeMember.objects.none(), required=False
    )
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=CommitteeMember.objects.none(), required=False
    )

    def __init__(self, *args: Any, session: Session, people: QuerySet[User], **kwargs: Any):
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        committee = session.committee
        fields["agenda_item"].queryset = session.agenda.filter(dismissed=False)
        fields["owner_member"].queryset = committee.members.all()
        fields["owner_user"].queryset = people
        fields["owner_user"].label_from_instance = person_label
        fields["owner_organisation"].queryset = Organisation.objects.filter(is_active=True)
        strategy = committee.strategy
        if strategy is None:
            for name in ("component", "programme", "indicator"):
                del self.fields[name]
        else:
            from redpaz.strategy.models import Component, Indicator, Programme

            fields["component"].queryset = Component.objects.filter(strategy=strategy)
            fields["programme"].queryset = Programme.objects.filter(component__strategy=strategy)
            fields["indicator"].queryset = Indicator.objects.filter(strategy=strategy)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("owner_member")
            and not data.get("owner_name")
            and not data.get("owner_user")
        ):
            self.add_error("owner_member", _("Choose a member or name another owner."))
        return data


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Commitment.Status.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the commitment's follow-up with your name and the date."),
    )
    due_date = forms.DateField(label=_("Due date"), widget=DATE)
    completed_on = forms.DateField(label=_("Completed on"), widget=DATE, required=False)
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What shows it was done: a document, an act, a report..."),
    )
    evidence_file = forms.FileField(label=_("Evidence (file)"), required=False)
    evidence_url = forms.URLField(
        label=_("Evidence (link)"), required=False, max_length=500, assume_scheme="https"
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), required=False, max_length=300)


class CancelForm(forms.Form):
    cancel_reason = forms.CharField(label=_("Reason"), max_length=300)


class BodyForm(forms.ModelForm):
    class Meta:
        model = ParticipationBody
        fields = [
            "name",
            "kind",
            "zone",
            "legal_basis",
            "description",
            "sessions_per_year",
            "committee",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(
        self,
        *args: Any,
        zones: QuerySet[Territory],
        committees: QuerySet[Committee],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["zone"].queryset = zones
        fields["zone"].label_from_instance = zone_label
        fields["committee"].queryset = committees


class AssessmentForm(forms.Form):
    """The period, then per criterion: two counts (ratios) or a level (0-4), and a note."""

    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period to"), widget=DATE)
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DATE)
    method = forms.CharField(label=_("How it was assessed"), required=False, max_length=300)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for criterion in criteria.CRITERIA:
            key = criterion.key
            if criterion.kind == criteria.RATIO:
                self.fields[f"{key}_numerator"] = forms.DecimalField(
                    label=_("Achieved"), required=False, min_value=0, max_digits=10
                )
                self.fields[f"{key}_denominator"] = forms.DecimalField(
                    label=_("Out of"), required=False, min_value=0, max_digits=10
                )
            else:
                self.fields[f"{key}_level"] = forms.TypedChoiceField(
                    label=_("Level"),
                    required=False,
                    coerce=int,
                    empty_value=None,
                    choices=[("", _("not assessed"))]
                    + [(str(i), f"{i} · {text}") for i, text in enumerate(criterion.levels)],
                )
            self.fields[f"{key}_note"] = forms.CharField(
                label=_("Note"), required=False, max_length=400
            )

    def criteria_fields(self) -> list[tuple[criteria.Criterion, list[forms.BoundField]]]:
        rows = []
        for criterion in criteria.CRITERIA:
            names = ["numerator", "denominator"] if criterion.kind == criteria.RATIO else ["level"]
            rows.append((criterion, [self[f"{criterion.key}_{n}"] for n in [*names, "note"]]))
        return rows

    def scores(self) -> dict[str, criteria.Score]:
        data = self.cleaned_data
        found = {}
        for criterion in criteria.CRITERIA:
            key = criterion.key
            score = criteria.Score(
                numerator=data.get(f"{key}_numerator"),
                denominator=data.get(f"{key}_denominator"),
                level=data.get(f"{key}_level"),
                note=data.get(f"{key}_note") or "",
            )
            if criteria.value_of(criterion, score) is not None or score.note:
                found[key] = score
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        for criterion in criteria.CRITERIA:
            if criterion.kind != criteria.RATIO:
                continue
            numerator = data.get(f"{criterion.key}_numerator")
            denominator = data.get(f"{criterion.key}_denominator")
            if (numerator is None) != (denominator is None) or denominator == 0:
                self.add_error(
                    f"{criterion.key}_denominator",
                    _("Give both figures, the second greater than zero."),
                )
        return data
