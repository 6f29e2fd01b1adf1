"""Committees and their members (with alternates)."""

from __future__ import annotations

from datetime import date, time

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from redpaz.governance.quorum import QuorumRule as QuorumRuleName
from redpaz.governance.recurrence import Frequency as FrequencyName
from redpaz.governance.recurrence import Rule


class Committee(models.Model):
    """A committee that decides and follows up: a strategy's steering committee, a territorial
    operating committee of a priority cluster, a network's protection committee..."""

    class Kind(models.TextChoices):
        STEERING = "steering", _("Steering committee")
        STRATEGIC = "strategic", _("Strategic committee")
        SECURITY = "security", _("Security committee or council")
        TERRITORIAL = "territorial", _("Territorial operating committee")
        TECHNICAL = "technical", _("Technical committee")
        CONSULTATIVE = "consultative", _("Consultative committee")
        PROJECT = "project", _("Project committee")
        PROTECTION = "protection", _("Protection committee")
        OTHER = "other", pgettext_lazy("committee type", "Other")

    class Frequency(models.TextChoices):
        AS_NEEDED = FrequencyName.AS_NEEDED.value, _("When called (no calendar)")
        WEEKLY = FrequencyName.WEEKLY.value, _("Every week")
        FORTNIGHTLY = FrequencyName.FORTNIGHTLY.value, _("Every two weeks")
        MONTHLY = FrequencyName.MONTHLY.value, _("Every month")
        BIMONTHLY = FrequencyName.BIMONTHLY.value, _("Every two months")
        QUARTERLY = FrequencyName.QUARTERLY.value, _("Every three months")
        SEMIANNUAL = FrequencyName.SEMIANNUAL.value, _("Twice a year")
        YEARLY = FrequencyName.YEARLY.value, _("Once a year")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    class WeekOfMonth(models.IntegerChoices):
        FIRST = 1, _("first")
        SECOND = 2, _("second")
        THIRD = 3, _("third")
        FOURTH = 4, _("fourth")
        LAST = -1, _("last")

    class QuorumRule(models.TextChoices):
        MAJORITY = QuorumRuleName.MAJORITY.value, _("Half plus one of the members with vote")
        TWO_THIRDS = QuorumRuleName.TWO_THIRDS.value, _("Two thirds of the members with vote")
        ONE_THIRD = QuorumRuleName.ONE_THIRD.value, _("One third of the members with vote")
        FIXED = QuorumRuleName.FIXED.value, _("A fixed number of members with vote")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    purpose = models.TextField(_("purpose"), blank=True)
    legal_basis = models.CharField(
        _("created by"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Decreto 0456 de 2024, or the strategy's operating manual."),
    )
    # The organisation that convenes the committee and keeps its minutes (technical secretariat);
    # for a network's committee, the network's own organisation.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("convening organisation"),
        on_delete=models.PROTECT,
        related_name="committees",
    )
    strategy = models.ForeignKey(
        "strategy.Strategy",
        verbose_name=_("strategy it serves"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committees",
    )
    municipality = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="committees",
        limit_choices_to={"level": "municipality"},
    )
    zones = models.ManyToManyField(
        "territory.Territory",
        verbose_name=_("zones"),
        blank=True,
        related_name="zone_committees",
        help_text=_("Only for a committee of some zones, e.g. one per priority cluster."),
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "A public committee's sessions appear in the public calendar; a private one's are "
            "seen only by its members and those responsible for its territory."
        ),
    )
    frequency = models.CharField(
        _("meets"), max_length=12, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    week_of_month = models.SmallIntegerField(
        _("week of the month"), choices=WeekOfMonth.choices, null=True, blank=True
    )
    weekday = models.SmallIntegerField(_("weekday"), choices=Weekday.choices, null=True, blank=True)
    day_of_month = models.PositiveSmallIntegerField(
        _("day of the month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    start_time = models.TimeField(_("usual start time"), default=time(9, 0))
    duration_minutes = models.PositiveSmallIntegerField(
        _("usual duration (minutes)"),
        default=120,
        validators=[MinValueValidator(15), MaxValueValidator(24 * 60)],
    )
    place = models.CharField(_("usual place"), max_length=200, blank=True)
    quorum_rule = models.CharField(
        _("quorum"), max_length=12, choices=QuorumRule.choices, default=QuorumRule.MAJORITY
    )
    quorum_fixed = models.PositiveSmallIntegerField(
        _("fixed quorum (members)"), null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(quorum_rule="fixed") | models.Q(quorum_fixed__gte=1),
                name="committee_fixed_quorum_has_number",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:committee", args=[self.pk])

    @property
    def rule(self) -> Rule:
        return Rule(
            FrequencyName(self.frequency),
            weekday=self.weekday,
            week_of_month=self.week_of_month,
            day_of_month=self.day_of_month,
        )

    @property
    def meets_on_a_calendar(self) -> bool:
        return self.frequency != self.Frequency.AS_NEEDED


class CommitteeMember(models.Model):
    """A person on a committee and whom they represent. An alternate (suplente) points to the
    principal they stand in for: the seat is one, whoever of them attends."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        SECRETARY = "secretary", _("Technical secretary")
        MEMBER = "member", _("Member")
        GUEST = "guest", _("Permanent guest")

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="members"
    )
    # People without an account can sit on a committee; with one, they see the committee and
    # are notified of the commitments they own.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_seats",
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(
        _("position"), max_length=200, blank=True, help_text=_("E.g. Secretary of Security.")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation it represents"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_seats",
    )
    dependency = models.CharField(
        _("dependency"),
        max_length=200,
        blank=True,
        help_text=_("The office inside the organisation, e.g. Subsecretaría de Juventud."),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    has_vote = models.BooleanField(_("with vote"), default=True)
    alternate_of = models.ForeignKey(
        "self",
        verbose_name=_("alternate of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alternates",
    )
    start = models.DateField(_("member since"), null=True, blank=True)
    end = models.DateField(_("member until"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "order", "name"]
        indexes = [
            # "Which committees does this person sit on?" (access, my commitments).
            models.Index(fields=["user", "committee"], name="committee_member_user_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__isnull=True)
                | models.Q(end__isnull=True)
                | models.Q(start__lte=models.F("end")),
                name="committee_member_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def represents(self) -> str:
        parts = [str(p) for p in (self.organisation, self.dependency) if p]
        return " · ".join(parts)

    @property
    def is_alternate(self) -> bool:
        return self.alternate_of_id is not None

    def active_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)
