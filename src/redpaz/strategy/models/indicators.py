"""Indicators, their disaggregation dimensions and their targets by period."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from redpaz.strategy.models.structure import Component, Programme, Strategy
from redpaz.strategy.performance import Direction, Mode
from redpaz.strategy.periods import Period, PeriodKind


class Indicator(models.Model):
    class Level(models.TextChoices):
        IMPACT = "impact", _("Impact")
        OUTCOME = "outcome", _("Outcome")
        OUTPUT = "output", _("Output")

    class Unit(models.TextChoices):
        COUNT = "count", _("Count")
        PERCENTAGE = "percentage", _("Percentage")
        RATE = "rate_100k", _("Rate per 100,000 inhabitants")
        MONEY = "money", _("Money (COP)")

    class Direction(models.TextChoices):
        INCREASE = Direction.INCREASE.value, _("Increase")
        DECREASE = Direction.DECREASE.value, _("Decrease")

    class Mode(models.TextChoices):
        NON_CUMULATIVE = Mode.NON_CUMULATIVE.value, _("Non-cumulative")
        CUMULATIVE = Mode.CUMULATIVE.value, _("Cumulative")
        NON_SUMMING = Mode.NON_SUMMING.value, _("Cumulative, non-summing")

    class Frequency(models.TextChoices):
        LIFE = PeriodKind.LIFE.value, _("Life of the strategy")
        YEAR = PeriodKind.YEAR.value, _("Yearly")
        QUARTER = PeriodKind.QUARTER.value, _("Quarterly")

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="indicators"
    )
    component = models.ForeignKey(
        Component,
        verbose_name=_("component"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme or project"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    definition = models.TextField(_("definition and method"), blank=True)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices)
    direction = models.CharField(
        _("desired direction"), max_length=8, choices=Direction.choices, default="increase"
    )
    mode = models.CharField(
        _("cumulative mode"), max_length=24, choices=Mode.choices, default="non_cumulative"
    )
    frequency = models.CharField(
        _("targets set for"), max_length=8, choices=Frequency.choices, default="year"
    )
    baseline_value = models.DecimalField(
        _("baseline value"), null=True, blank=True, max_digits=20, decimal_places=4
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    baseline_note = models.CharField(_("baseline source"), max_length=300, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="strategy_indicators",
    )
    means_of_verification = models.TextField(_("means of verification"), blank=True)
    # Name in redpaz.strategy.computations; empty for indicators reported by people.
    computation = models.CharField(_("computation"), max_length=80, blank=True)
    parameters = models.JSONField(_("computation parameters"), default=dict, blank=True)
    is_key = models.BooleanField(
        _("key indicator"), default=False, help_text=_("Shown on the strategy's dashboard.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
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
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["strategy", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "code"], name="indicator_code_unique"),
        ]
        indexes = [
            # Recomputation after an import looks for computed indicators.
            models.Index(fields=["computation"], name="indicator_computation_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("strategy:indicator", args=[self.strategy_id, self.pk])

    @property
    def is_computed(self) -> bool:
        return bool(self.computation)

    @property
    def summable(self) -> bool:
        return self.unit in (self.Unit.COUNT, self.Unit.MONEY)

    @property
    def decimals(self) -> int:
        return 0 if self.unit == self.Unit.COUNT else 2


class Disaggregation(models.Model):
    """A dimension an indicator is broken down by, with or without double counting."""

    class Dimension(models.TextChoices):
        SEX = "sex", _("Sex")
        AGE_GROUP = "age_group", _("Age group")
        ETHNICITY = "ethnicity", _("Ethnic group")
        ZONE = "zone", _("Zone")
        COMPONENT = "component", _("Component")

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="disaggregations",
    )
    dimension = models.CharField(_("dimension"), max_length=12, choices=Dimension.choices)
    double_counting = models.BooleanField(
        _("with double counting"),
        default=False,
        help_text=_(
            "A unit may be counted in several categories (a participant in two components): "
            "the categories may add up to more than the total."
        ),
    )

    class Meta:
        verbose_name = _("disaggregation")
        verbose_name_plural = _("disaggregations")
        ordering = ["indicator", "dimension"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "dimension"], name="disaggregation_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.get_dimension_display()}"


class Target(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    period = models.CharField(_("period"), max_length=7)
    value = models.DecimalField(_("target"), max_digits=20, decimal_places=4)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="target_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.value}"

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)
