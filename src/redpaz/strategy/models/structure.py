"""Strategy → components → programmes and projects → activities."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Strategy(models.Model):
    """A violence-prevention or peace-building strategy of an organisation in a territory."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # PISCC and most plans open with a diagnosis; any strategy may keep one.
    diagnosis = models.TextField(_("diagnosis"), blank=True)
    template = models.CharField(_("started from"), max_length=40, blank=True)
    # What the strategy's first level is called ("Component", "Strategic line"...).
    component_term = models.CharField(_("name of its lines"), max_length=60, blank=True)
    legal_instrument = models.CharField(
        _("adopted by"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Decreto 0123 de 2024, or the council agreement that adopted it."),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="strategies",
    )
    territory = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="strategies",
    )
    target_zones = models.ManyToManyField(
        "territory.Territory",
        verbose_name=_("target zones"),
        blank=True,
        related_name="targeting_strategies",
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    quarterly = models.BooleanField(
        _("report by quarter"),
        default=True,
        help_text=_("Show quarters in the IPTT (targets may still be yearly)."),
    )
    on_track_threshold = models.DecimalField(
        _("on-track threshold (% of target met)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal(85),
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(100))],
    )
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
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["-start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__lte=models.F("end")), name="strategy_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("strategy:detail", args=[self.pk])

    @property
    def component_label(self) -> str:
        return self.component_term or str(_("Component"))


class Component(models.Model):
    """A component or strategic line (PAZOS: interruption, intervention, prevention...)."""

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="components"
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("component")
        verbose_name_plural = _("components")
        ordering = ["strategy", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "code"], name="component_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Programme(models.Model):
    """A programme or project of a component, run by a dependency or organisation."""

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("Programme")
        PROJECT = "project", _("Project")

    component = models.ForeignKey(
        Component, verbose_name=_("component"), on_delete=models.CASCADE, related_name="programmes"
    )
    # A project may belong to a programme (PISCC: line → programme → project).
    parent = models.ForeignKey(
        "self",
        verbose_name=_("programme it belongs to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="projects",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PROGRAMME)
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    responsible_unit = models.CharField(
        _("responsible dependency"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Secretaría de Seguridad y Convivencia, Subsecretaría de Juventud."),
    )
    responsible_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("responsible organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="strategy_programmes",
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget (COP)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("programme or project")
        verbose_name_plural = _("programmes and projects")
        ordering = ["component", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["component", "code"], name="programme_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Activity(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme or project"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="strategy_activities",
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    zones = models.ManyToManyField(
        "territory.Territory", verbose_name=_("zones"), blank=True, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["programme", "order", "id"]
        indexes = [
            # The "activities completed" computation counts done activities by date.
            models.Index(fields=["status", "completed_on"], name="activity_done_idx"),
        ]

    def __str__(self) -> str:
        return self.name
