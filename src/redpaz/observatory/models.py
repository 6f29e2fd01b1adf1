"""Violence data: what happened, where, when, to whom, and from which source and file.

A source is one data series (the Policía Nacional's SIEDCO releases, Medellín's SISC records...).
Two sources count the same events differently, so every count names its source and series are
never mixed. Coverage records which periods and territories a source's imports cover: a year
without coverage is missing data, never zero events.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Crime(models.Model):
    """A crime or violence type (homicidio, lesiones personales, hurto a personas...)."""

    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("crime type")
        verbose_name_plural = _("crime types")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Source(models.Model):
    """A data series from one publisher, with its own way of counting."""

    class Kind(models.TextChoices):
        AGGREGATED = "aggregated", _("Aggregated records (e.g. Policía Nacional releases)")
        POINTS = "points", _("One row per victim or event, with coordinates")
        TABLE = "table", _("Any table with a column mapping")

    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("data source")
        verbose_name_plural = _("data sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Sex(models.TextChoices):
    MALE = "male", _("Man")
    FEMALE = "female", _("Woman")
    UNKNOWN = "", _("Not reported")


class AgeGroup(models.TextChoices):
    """The Policía's groups (Ley 1098 de 2006, art. 3)."""

    CHILD = "child", _("Children (0–12)")
    ADOLESCENT = "adolescent", _("Adolescents (13–17)")
    ADULT = "adult", _("Adults (18+)")
    UNKNOWN = "", _("Not reported")


AGE_GROUP_RANGES = {
    AgeGroup.CHILD: (0, 12),
    AgeGroup.ADOLESCENT: (13, 17),
    AgeGroup.ADULT: (18, 150),
}


def age_group_of(age: int | None) -> str:
    if age is None:
        return AgeGroup.UNKNOWN
    for group, (low, high) in AGE_GROUP_RANGES.items():
        if low <= age <= high:
            return group
    return AgeGroup.UNKNOWN


class EventRecord(models.Model):
    """One row of a source: a single victim or event, or an aggregated cell with a count.

    ``count`` is the number of victims the row stands for (the Policía's CANTIDAD): analyses sum
    it, never count rows.
    """

    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="records"
    )
    crime = models.ForeignKey(
        Crime, verbose_name=_("crime type"), on_delete=models.PROTECT, related_name="records"
    )
    batch = models.ForeignKey(
        "imports.ImportBatch",
        verbose_name=_("import batch"),
        on_delete=models.CASCADE,
        related_name="event_records",
    )
    source_row = models.PositiveIntegerField(_("row in the source file"))
    date = models.DateField(_("date"))
    # Set when the source gives the time; timezone-aware (America/Bogota).
    occurred_at = models.DateTimeField(_("date and time"), null=True, blank=True)
    municipality = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="event_records",
    )
    # The zone the record was placed in (by its coordinates or its place name), if any.
    zone = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("zone"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="zone_event_records",
    )
    count = models.PositiveIntegerField(_("victims"), default=1)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, blank=True)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    age_group = models.CharField(
        _("age group"), max_length=10, choices=AgeGroup.choices, blank=True
    )
    weapon = models.CharField(_("weapon or means"), max_length=120, blank=True)
    place_type = models.CharField(_("type of place"), max_length=120, blank=True)
    place_name = models.CharField(_("place name as given"), max_length=200, blank=True)
    # "<zone level>:<normalised place name>" while a named place awaits review (see PlaceReview),
    # so that confirming the name places every waiting record at once. Empty otherwise.
    place_key = models.CharField(_("place awaiting review"), max_length=230, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    extra = models.JSONField(_("other attributes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("event record")
        verbose_name_plural = _("event records")
        ordering = ["date", "id"]
        indexes = [
            # Rates and series: counts of one source and crime by municipality and period.
            models.Index(
                fields=["source", "crime", "municipality", "date"], name="event_mpio_date_idx"
            ),
            # Zone maps and hotspots of one city.
            models.Index(fields=["source", "crime", "zone", "date"], name="event_zone_date_idx"),
            # Confirming a name in the review queue places the records waiting for it.
            models.Index(
                fields=["municipality", "place_key"],
                name="event_place_review_idx",
                condition=~models.Q(place_key=""),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="event_coordinates_both_or_none",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.crime} · {self.municipality_id} · {self.date} · {self.count}"


class Coverage(models.Model):
    """What an import covers: a source and crime, over a territory, between two dates.

    A Policía release covers Colombia for a year; a city's point file covers that municipality
    for the period it spans. Counts outside every coverage are missing, not zero.
    """

    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.CASCADE, related_name="coverage"
    )
    crime = models.ForeignKey(
        Crime, verbose_name=_("crime type"), on_delete=models.CASCADE, related_name="coverage"
    )
    # The country or a municipality.
    territory = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("territory"),
        on_delete=models.CASCADE,
        related_name="coverage",
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    batch = models.ForeignKey(
        "imports.ImportBatch",
        verbose_name=_("import batch"),
        on_delete=models.CASCADE,
        related_name="coverage",
    )

    class Meta:
        verbose_name = _("coverage")
        verbose_name_plural = _("coverage")
        ordering = ["source", "crime", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__lte=models.F("end")), name="coverage_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} · {self.crime} · {self.territory} · {self.start}–{self.end}"


class PlaceReview(models.Model):
    """A place name from an import that could not be matched to a zone with confidence.

    One row per name, municipality and zone level, however many imports bring it: an analyst
    decides once. Confirming records the name as an alternative name of the zone (so every later
    import matches it) and places the records waiting for it; rejecting keeps them unplaced and
    stops the name from being asked about again.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Not a zone of this municipality")

    municipality = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="place_reviews",
    )
    level = models.CharField(_("zone level"), max_length=20)
    name = models.CharField(_("name as given"), max_length=200)
    normalized = models.CharField(_("normalised name"), max_length=200)
    # Best guesses at import time: [{"id": zone id, "name": ..., "score": 0-100}, ...]
    suggestions = models.JSONField(_("suggestions"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    zone = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("zone"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    batch = models.ForeignKey(
        "imports.ImportBatch",
        verbose_name=_("first seen in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="place_reviews",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("place name to review")
        verbose_name_plural = _("place names to review")
        ordering = ["municipality__name", "level", "normalized"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "level", "normalized"], name="place_review_unique"
            ),
        ]
        indexes = [
            # The review queue: pending names of the municipalities in a user's scope.
            models.Index(fields=["status", "municipality"], name="place_review_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality_id}, {self.level})"

    @property
    def place_key(self) -> str:
        return place_key(self.level, self.normalized)


def place_key(level: str, normalized: str) -> str:
    """The key linking records to the review of their place name (EventRecord.place_key)."""
    return f"{level}:{normalized}"
