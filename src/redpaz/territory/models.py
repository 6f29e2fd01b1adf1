"""Territories: Colombia, its departments and municipalities (DIVIPOLA), and the zones below them.

One table holds every level so that population, boundaries, events, access grants and analyses all
point at one kind of thing. Zones (comunas, barrios, veredas, police quadrants, priority clusters)
belong to a boundary set: one drawing of a municipality's zones of one level, valid for a period, so
that a city can redraw its barrios without losing the history attached to the old ones.

Geometry is stored as WKB in EPSG:4326 and handled with shapely in Python, so the same code runs on
SQLite and PostgreSQL without spatial extensions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

COUNTRY_CODE = "CO"
# Upper bound of an open age group ("80 and over"): keeps the unique constraint free of NULLs.
AGE_MAX = 150


class Level(models.TextChoices):
    COUNTRY = "country", _("Country")
    DEPARTMENT = "department", _("Department")
    MUNICIPALITY = "municipality", _("Municipality")
    COMUNA = "comuna", _("Comuna or corregimiento")
    BARRIO = "barrio", _("Barrio")
    VEREDA = "vereda", _("Vereda")
    QUADRANT = "quadrant", _("Police quadrant")
    PRIORITY_CLUSTER = "priority_cluster", _("Priority cluster")
    CUSTOM = "custom", _("Custom zone")


DIVIPOLA_LEVELS = (Level.COUNTRY, Level.DEPARTMENT, Level.MUNICIPALITY)
ZONE_LEVELS = tuple(level for level in Level if level not in DIVIPOLA_LEVELS)


class BoundarySet(models.Model):
    """One drawing of a municipality's zones of one level, in force between two dates."""

    municipality = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="boundary_sets",
        limit_choices_to={"level": Level.MUNICIPALITY},
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    name = models.CharField(_("name"), max_length=200)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    # NULL while the drawing is still in force.
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    batch = models.ForeignKey(
        "imports.ImportBatch",
        verbose_name=_("import batch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="boundary_sets",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("boundary set")
        verbose_name_plural = _("boundary sets")
        ordering = ["municipality__code", "level", "-valid_from", "-id"]
        indexes = [
            # "The current drawing of comunas of Medellín" on every zone list and map.
            models.Index(fields=["municipality", "level", "valid_to"], name="bset_current_idx"),
        ]

    def __str__(self) -> str:
        span = f"{self.valid_from or '…'} – {self.valid_to or _('today')}"
        return f"{self.name} ({span})"

    @property
    def is_current(self) -> bool:
        return self.valid_to is None


class Territory(models.Model):
    """A country, department, municipality or zone, with its boundary."""

    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    # DIVIPOLA codes of the municipality and department this territory lies in, kept on every row
    # because access scoping and aggregation filter on them constantly. Empty above that level.
    municipality_code = models.CharField(_("municipality code"), max_length=5, blank=True)
    department_code = models.CharField(_("department code"), max_length=2, blank=True)
    boundary_set = models.ForeignKey(
        BoundarySet,
        verbose_name=_("boundary set"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="zones",
    )
    geometry = models.BinaryField(_("boundary (WKB, EPSG:4326)"), null=True, blank=True)
    display_geojson = models.TextField(_("simplified boundary for maps"), blank=True)
    min_lon = models.FloatField(null=True, blank=True)
    min_lat = models.FloatField(null=True, blank=True)
    max_lon = models.FloatField(null=True, blank=True)
    max_lat = models.FloatField(null=True, blank=True)
    label_lon = models.FloatField(null=True, blank=True)
    label_lat = models.FloatField(null=True, blank=True)
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True)
    batch = models.ForeignKey(
        "imports.ImportBatch",
        verbose_name=_("boundary import batch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="territories",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["level", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code"],
                condition=models.Q(boundary_set__isnull=True),
                name="territory_divipola_code_unique",
            ),
            models.UniqueConstraint(
                fields=["boundary_set", "code"],
                condition=models.Q(boundary_set__isnull=False),
                name="territory_zone_code_unique",
            ),
        ]
        indexes = [
            # Municipality lists of a department and zone lists of a municipality.
            models.Index(fields=["level", "municipality_code"], name="territory_level_mpio_idx"),
            models.Index(fields=["level", "department_code"], name="territory_level_dpto_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        if self.level in DIVIPOLA_LEVELS:
            if self.level == Level.COUNTRY:
                return reverse("territory:country")
            return reverse("territory:divipola", args=[self.code])
        return reverse("territory:zone", args=[self.pk])

    @property
    def is_zone(self) -> bool:
        return self.level not in DIVIPOLA_LEVELS

    def shape(self) -> BaseGeometry | None:
        """Return the boundary as a shapely geometry (None when no boundary is stored)."""
        if not self.geometry:
            return None
        import shapely

        return shapely.from_wkb(bytes(self.geometry))


class TerritoryAlias(models.Model):
    """Another name under which a territory appears in outside data ("MEDELLÍN (CT)", "C-11")."""

    class Source(models.TextChoices):
        IMPORT = "import", _("From an imported file")
        MANUAL = "manual", _("Entered by a person")
        REVIEW = "review", _("Confirmed in the review queue")

    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("alternative name"), max_length=200)
    # Accent-, case- and punctuation-free form for matching (ingest.text.normalize_name).
    normalized = models.CharField(_("normalised form"), max_length=200, editable=False)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.MANUAL
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
        verbose_name = _("alternative name")
        verbose_name_plural = _("alternative names")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "normalized"], name="alias_unique_per_territory"
            ),
        ]
        indexes = [
            # Name matching during imports looks aliases up by their normalised form.
            models.Index(fields=["normalized"], name="alias_normalized_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class PopulationSeries(models.Model):
    """A population source (e.g. DANE projections on the 2018 census base)."""

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    # Census the projections rest on; where two series cover a year, the newer base wins.
    base_year = models.PositiveSmallIntegerField(_("census base year"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("population series")
        verbose_name_plural = _("population series")
        ordering = ["-base_year", "name"]

    def __str__(self) -> str:
        return self.name


class PopulationFigure(models.Model):
    """Population of a territory in a year, for both sexes or one, all ages or an age range."""

    class Sex(models.TextChoices):
        TOTAL = "total", _("Both sexes")
        MALE = "male", _("Men")
        FEMALE = "female", _("Women")

    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.CASCADE, related_name="population"
    )
    series = models.ForeignKey(
        PopulationSeries,
        verbose_name=_("series"),
        on_delete=models.CASCADE,
        related_name="figures",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, default=Sex.TOTAL)
    age_from = models.PositiveSmallIntegerField(_("age from"), default=0)
    # Inclusive; AGE_MAX means "and over".
    age_to = models.PositiveSmallIntegerField(_("age to"), default=AGE_MAX)
    value = models.PositiveIntegerField(_("population"))
    batch = models.ForeignKey(
        "imports.ImportBatch",
        verbose_name=_("import batch"),
        on_delete=models.CASCADE,
        related_name="population_figures",
    )

    class Meta:
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        ordering = ["territory", "year", "sex", "age_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "series", "year", "sex", "age_from", "age_to"],
                name="population_figure_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(age_from__lte=models.F("age_to")),
                name="population_age_range_ordered",
            ),
        ]
        indexes = [
            # Rates: population of many territories for a range of years, all ages.
            models.Index(fields=["year", "sex", "age_from", "age_to"], name="population_rate_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.territory} {self.year}: {self.value}"

    @property
    def age_label(self) -> str:
        if self.age_from == 0 and self.age_to == AGE_MAX:
            return str(_("All ages"))
        if self.age_to == AGE_MAX:
            return f"{self.age_from}+"
        return f"{self.age_from}–{self.age_to}"
