"""Participation and coordination bodies of a municipality and dated assessments of how they
work (operativity) and whether their proposals reach policy (incidence)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from redpaz.governance.models.committees import Committee


class ParticipationBody(models.Model):
    """A formal body: security council, peace council, human-rights committee, community action
    board (junta de acción comunal)... It may be followed in RedPaz as a committee with its
    sessions, or only assessed from time to time."""

    class Kind(models.TextChoices):
        SECURITY_COUNCIL = "security_council", _("Security council")
        PEACE_COUNCIL = (
            "peace_council",
            _("Peace, reconciliation, coexistence and human rights council"),
        )
        HUMAN_RIGHTS = "human_rights", _("Human rights committee")
        TRANSITIONAL_JUSTICE = "transitional_justice", _("Transitional justice committee")
        VICTIMS_TABLE = "victims_table", _("Victims' participation table")
        YOUTH_PLATFORM = "youth_platform", _("Youth platform")
        WOMEN_COUNCIL = "women_council", _("Women's consultative council")
        PLANNING_COUNCIL = "planning_council", _("Territorial planning council")
        COMMUNITY_ACTION = "community_action", _("Community action board (JAC)")
        COMMUNITY_ASSOCIATION = (
            "community_association",
            _("Association of community action boards (Asocomunal)"),
        )
        LOCAL_BOARD = "local_board", _("Local administrative board (JAL)")
        OTHER = "other", pgettext_lazy("body type", "Other")

    municipality = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="participation_bodies",
        limit_choices_to={"level": "municipality"},
    )
    zone = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("zone"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="zone_participation_bodies",
        help_text=_("For a body of one zone, e.g. the community action board of a barrio."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Ley 434 de 1998 and the municipal agreement that created it."),
    )
    description = models.TextField(_("description"), blank=True)
    sessions_per_year = models.PositiveSmallIntegerField(
        _("sessions its rules call for each year"), null=True, blank=True
    )
    committee = models.OneToOneField(
        Committee,
        verbose_name=_("followed as committee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participation_body",
        help_text=_(
            "When its sessions are kept in RedPaz, assessments take sessions, attendance and "
            "commitments from them."
        ),
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

    class Meta:
        verbose_name = _("participation body")
        verbose_name_plural = _("participation bodies")
        ordering = ["municipality__name", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="participation_body_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:body", args=[self.pk])


class BodyAssessment(models.Model):
    """How a body worked over a period, scored on written criteria (``governance.criteria``).

    Each assessment keeps the criteria it applied (label, method and value per criterion), so
    assessments made years apart can be compared even after the criteria are revised.
    """

    body = models.ForeignKey(
        ParticipationBody,
        verbose_name=_("body"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    assessed_on = models.DateField(_("assessed on"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    method = models.CharField(
        _("how it was assessed"),
        max_length=300,
        blank=True,
        help_text=_("E.g. review of minutes and a workshop with the body's members."),
    )
    criteria_version = models.CharField(_("criteria version"), max_length=20)
    operativity = models.DecimalField(
        _("operativity (0–100)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    incidence = models.DecimalField(
        _("incidence (0–100)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    summary = models.TextField(_("summary"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["body", "period_end", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")),
                name="assessment_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} · {self.period_start:%Y-%m} – {self.period_end:%Y-%m}"


class AssessmentScore(models.Model):
    """One criterion of an assessment: a ratio (numerator ÷ denominator) or a level (0-4), as a
    value from 0 to 100."""

    assessment = models.ForeignKey(
        BodyAssessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    criterion = models.CharField(_("criterion"), max_length=40)
    dimension = models.CharField(_("dimension"), max_length=12)
    label = models.CharField(_("label"), max_length=200)
    method = models.CharField(_("method"), max_length=400)
    numerator = models.DecimalField(
        _("numerator"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    level = models.PositiveSmallIntegerField(_("level (0–4)"), null=True, blank=True)
    value = models.DecimalField(
        _("value (0–100)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=400, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("assessment score")
        verbose_name_plural = _("assessment scores")
        ordering = ["assessment", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="assessment_score_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"


class CalendarSubscription(models.Model):
    """A person's private calendar address. The secret in the address is derived from the
    server's secret key and this nonce, so it is never stored; a new nonce revokes the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_subscription",
    )
    nonce = models.CharField(_("nonce"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last read by a calendar"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")

    def __str__(self) -> str:
        return str(self.user)
