"""Prioritisations: which zones a strategy puts first, why, and the clusters it works in.

A saved prioritisation keeps everything needed to explain and redo it: the period, crime and
data source, the weights, every parameter, the import batches of the data it used, and each
zone's indicators, score, rank and cluster. Its clusters become zones of level
"priority_cluster" (one boundary set per prioritisation, the latest in force), so the rest of
the system (maps, strategy, field work) can point at them like at any zone.

Social indicators (such as DANE's unmet basic needs) are context for prioritisation: values by
territory and year, each from an import batch.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SocialIndicator(models.Model):
    """A socio-economic indicator published by territory (e.g. unmet basic needs, NBI)."""

    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("social indicator")
        verbose_name_plural = _("social indicators")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SocialIndicatorValue(models.Model):
    indicator = models.ForeignKey(
        SocialIndicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="values",
    )
    territory = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("territory"),
        on_delete=models.CASCADE,
        related_name="social_indicator_values",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("value"))
    batch = models.ForeignKey(
        "imports.ImportBatch",
        verbose_name=_("import batch"),
        on_delete=models.CASCADE,
        related_name="social_indicator_values",
    )

    class Meta:
        verbose_name = _("social indicator value")
        verbose_name_plural = _("social indicator values")
        ordering = ["indicator", "territory", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "territory", "year"], name="social_value_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.territory} · {self.year}: {self.value}"


class Prioritisation(models.Model):
    """A ranking of zones (or municipalities) and its contiguous priority clusters."""

    name = models.CharField(_("name"), max_length=200)
    # The municipality whose zones were ranked; empty when municipalities were ranked.
    municipality = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="prioritisations",
    )
    level = models.CharField(_("level of the ranked territories"), max_length=20)
    crime = models.ForeignKey(
        "observatory.Crime", verbose_name=_("crime type"), on_delete=models.PROTECT
    )
    source = models.ForeignKey(
        "observatory.Source", verbose_name=_("data source"), on_delete=models.PROTECT
    )
    first_year = models.PositiveSmallIntegerField(_("from"))
    last_year = models.PositiveSmallIntegerField(_("to"))
    weights = models.JSONField(_("weights"), default=dict)
    parameters = models.JSONField(_("parameters"), default=dict)
    notes = models.JSONField(_("notes"), default=list, blank=True)
    # The priority-cluster zones this prioritisation created, if any.
    boundary_set = models.OneToOneField(
        "territory.BoundarySet",
        verbose_name=_("priority clusters"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="prioritisation",
    )
    batches = models.ManyToManyField(
        "imports.ImportBatch",
        verbose_name=_("data used"),
        related_name="prioritisations",
        blank=True,
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

    class Meta:
        verbose_name = _("prioritisation")
        verbose_name_plural = _("prioritisations")
        ordering = ["-created_at", "-id"]
        indexes = [
            # "The prioritisations of Medellín, newest first" on the municipality's pages.
            models.Index(fields=["municipality", "-created_at"], name="prioritisation_mpio_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class PrioritisationItem(models.Model):
    """One ranked territory: its indicators, score, rank and priority cluster."""

    prioritisation = models.ForeignKey(
        Prioritisation,
        verbose_name=_("prioritisation"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    # PROTECT: a saved prioritisation must keep pointing at the zones it ranked.
    territory = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="prioritisation_items",
    )
    score = models.FloatField(_("score (0-100)"))
    rank = models.PositiveIntegerField(_("rank"))
    cluster = models.PositiveSmallIntegerField(_("cluster"), null=True, blank=True)
    cluster_zone = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("priority cluster zone"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cluster_members",
    )
    indicators = models.JSONField(_("indicators"), default=dict)

    class Meta:
        verbose_name = _("prioritised territory")
        verbose_name_plural = _("prioritised territories")
        ordering = ["prioritisation", "rank", "territory__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["prioritisation", "territory"], name="prioritisation_item_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.territory}"
