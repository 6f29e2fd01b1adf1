"""Field work: what street mediators record in the priority zones, often from a phone, offline.

Three kinds of record, all written by a field worker in a zone they cover:

* a **mediation** (or violence interruption): a conflict, who was involved (counted, never
  named), how risky it was, what was done, the outcome, referrals and follow-up visits;
* a **community need** referred to the institutional offer, and whether it was answered;
* a **situational intervention** ("entornos para la vida"): lighting, clean-ups, murals,
  recovered public spaces, with before/after photos.

Every record carries a UUID generated on the device that created it (so a record synced twice
is stored once) and a version number that grows with every change (so an edit made offline on
an old version is detected instead of silently overwriting a newer one).

No record names a person: parties are counted by age group and sex. Free-text fields may still
hold sensitive details, so records are visible only to the field worker who wrote them and to
those who supervise the zone.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    EXACT = "exact", _("Exact point (GPS)")
    APPROXIMATE = "approximate", _("Approximate (block or corner)")
    ZONE = "zone", _("Zone only")


class FieldRecord(models.Model):
    """What the three kinds of record share: identity across devices, place, author, origin."""

    uuid = models.UUIDField(_("record identifier"), default=uuid.uuid4, unique=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    zone = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("zone"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    precision = models.CharField(
        _("location precision"), max_length=12, choices=Precision.choices, default=Precision.ZONE
    )
    batch = models.ForeignKey(
        "imports.ImportBatch",
        verbose_name=_("import batch"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    source_row = models.PositiveIntegerField(_("source row"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Mediation(FieldRecord):
    """A mediation or violence interruption performed by a field worker."""

    class ConflictType(models.TextChoices):
        BETWEEN_GROUPS = "between_groups", _("Between groups")
        FAMILY = "family", _("Family")
        NEIGHBOURS = "neighbours", _("Between neighbours")
        DEBT = "debt", _("Debt")
        RETALIATION = "retaliation", _("Retaliation")
        PARTNER = "partner", _("Partner or ex-partner")
        SCHOOL = "school", _("School")
        OTHER = "other", _("Other")

    class Risk(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")
        IMMINENT = "imminent", _("Imminent")

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", _("Resolved")
        DE_ESCALATED = "de_escalated", _("De-escalated")
        REFERRED = "referred", _("Referred")
        FAILED = "failed", _("Failed")
        ONGOING = "ongoing", _("Ongoing")

    class Referral(models.TextChoices):
        POLICE = "police", _("Police")
        ICBF = "icbf", _("Family welfare (ICBF)")
        FAMILY_COMMISSARY = "family_commissary", _("Family commissary")
        HEALTH = "health", _("Health")
        JUSTICE_HOUSE = "justice_house", _("Justice house")
        PROSECUTOR = "prosecutor", _("Prosecutor's office")
        SOCIAL_SERVICES = "social_services", _("Social services")
        OTHER = "other", _("Other")

    class AgeGroup(models.TextChoices):
        CHILDREN = "0-13", _("Children (0-13)")
        ADOLESCENTS = "14-17", _("Adolescents (14-17)")
        YOUTH = "18-28", _("Young people (18-28)")
        ADULTS = "29-59", _("Adults (29-59)")
        OLDER = "60+", _("Older people (60+)")

    HIGH_RISKS = (Risk.HIGH, Risk.IMMINENT)

    occurred_at = models.DateTimeField(_("date and time"))
    conflict_type = models.CharField(
        _("conflict type"), max_length=20, choices=ConflictType.choices
    )
    parties_count = models.PositiveIntegerField(_("people involved"), default=2)
    parties_women = models.PositiveIntegerField(_("women"), default=0)
    parties_men = models.PositiveIntegerField(_("men"), default=0)
    # AgeGroup values present among the parties.
    age_groups = models.JSONField(_("age groups"), default=list, blank=True)
    groups_involved = models.BooleanField(_("armed or criminal groups involved"), default=False)
    weapons_involved = models.BooleanField(_("weapons involved"), default=False)
    retaliation = models.BooleanField(_("retaliation involved"), default=False)
    risk = models.CharField(_("risk of escalation"), max_length=10, choices=Risk.choices)
    actions = models.TextField(_("what was done"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices)
    # Referral values.
    referrals = models.JSONField(_("referrals"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # When the zone's coordinators were told of a high or imminent risk (once per record).
    alerted_at = models.DateTimeField(_("alert sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("mediation")
        verbose_name_plural = _("mediations")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            # Supervision: caseload and weekly counts of a zone's records, newest first.
            models.Index(fields=["zone", "occurred_at"], name="mediation_zone_date_idx"),
            # A field worker's own records ("my caseload").
            models.Index(fields=["recorded_by", "occurred_at"], name="mediation_author_idx"),
            # Committee agenda: high-risk records of a period.
            models.Index(fields=["risk", "occurred_at"], name="mediation_risk_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_conflict_type_display()} · {self.occurred_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("fieldwork:mediation", args=[self.uuid])

    @property
    def is_high_risk(self) -> bool:
        return self.risk in self.HIGH_RISKS


class FollowUp(models.Model):
    """A follow-up visit of a mediation: planned for a date, done (or not) on another."""

    mediation = models.ForeignKey(
        Mediation,
        verbose_name=_("mediation"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["due_on", "id"]
        indexes = [
            # Supervision: follow-ups due and not done.
            models.Index(fields=["done_on", "due_on"], name="followup_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.mediation} → {self.due_on}"

    @property
    def on_time(self) -> bool:
        return self.done_on is not None and self.done_on <= self.due_on


class CommunityNeed(FieldRecord):
    """A need identified in the community and referred to the institutional offer."""

    class Category(models.TextChoices):
        SECURITY = "security", _("Security")
        LIGHTING = "lighting", _("Lighting and public space")
        HEALTH = "health", _("Health")
        EDUCATION = "education", _("Education")
        EMPLOYMENT = "employment", _("Employment and income")
        FAMILY = "family", _("Family and childhood")
        JUSTICE = "justice", _("Justice and access to rights")
        HOUSING = "housing", _("Housing and services")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        IDENTIFIED = "identified", _("Identified")
        REFERRED = "referred", _("Referred")
        ANSWERED = "answered", _("Answered")
        NOT_ANSWERED = "not_answered", _("Not answered")

    identified_on = models.DateField(_("identified on"))
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    description = models.TextField(_("description"))
    dependency = models.CharField(_("responsible dependency"), max_length=200, blank=True)
    referred_on = models.DateField(_("referred on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.IDENTIFIED
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("community need")
        verbose_name_plural = _("community needs")
        ordering = ["-identified_on", "-id"]
        indexes = [
            # Supervision: needs of a zone by status.
            models.Index(fields=["zone", "status"], name="need_zone_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} · {self.identified_on}"


class Intervention(FieldRecord):
    """A situational intervention that changed a place ("entornos para la vida")."""

    class Kind(models.TextChoices):
        LIGHTING = "lighting", _("Lighting points changed")
        CLEAN_UP = "clean_up", _("Clean-up day")
        MURAL = "mural", _("Mural")
        PUBLIC_SPACE = "public_space", _("Recovered public space")
        GREENING = "greening", _("Planting and greening")
        OTHER = "other", _("Other")

    date = models.DateField(_("date"))
    kind = models.CharField(_("type"), max_length=14, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    # Optional GeoJSON polygon (EPSG:4326) when the intervention covers an area, not a point.
    area_geojson = models.TextField(_("area (GeoJSON)"), blank=True)
    quantity = models.PositiveIntegerField(
        _("quantity (lights, m², murals...)"), null=True, blank=True
    )
    partners = models.CharField(_("partners"), max_length=300, blank=True)
    participants_count = models.PositiveIntegerField(_("participants"), default=0)
    photo_before = models.ImageField(_("photo before"), upload_to="fieldwork/%Y/%m/", blank=True)
    photo_after = models.ImageField(_("photo after"), upload_to="fieldwork/%Y/%m/", blank=True)

    class Meta:
        verbose_name = _("situational intervention")
        verbose_name_plural = _("situational interventions")
        ordering = ["-date", "-id"]
        indexes = [
            # The map of interventions of a zone over a period.
            models.Index(fields=["zone", "date"], name="intervention_zone_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.date}"
