"""Programmes that enrol people: entry criteria, routes, enrolments, sessions and attendance.

A programme here is the strategy's own Programme (strategy → component → programme →
activities); ``Enrolment`` links people to it, and a ``Session`` belongs to one of its
activities, so that counts follow the strategy's structure.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from redpaz.participants.models.people import Person


class ProgrammeProfile(models.Model):
    """Who a programme is for (entry criteria) and who works in it."""

    programme = models.OneToOneField(
        "strategy.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="participant_profile",
    )
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    max_age = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    zones = models.ManyToManyField(
        "territory.Territory",
        verbose_name=_("priority zones"),
        blank=True,
        related_name="+",
        help_text=_("Empty: anywhere in the strategy's territory."),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("programme staff"),
        blank=True,
        related_name="participant_programmes",
        help_text=_("People who register, enrol and follow this programme's participants."),
    )

    class Meta:
        verbose_name = _("programme entry criteria")
        verbose_name_plural = _("programme entry criteria")

    def __str__(self) -> str:
        return str(self.programme)


class Stage(models.Model):
    """A step of a programme's route (psychosocial support → training → job placement)."""

    programme = models.ForeignKey(
        "strategy.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="route_stages",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("route stage")
        verbose_name_plural = _("route stages")
        ordering = ["programme", "order", "id"]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class Enrolment(models.Model):
    class ExitReason(models.TextChoices):
        COMPLETED = "completed", _("Completed the route")
        PLACED = "placed", _("Placed in a job or in education")
        DROPPED = "dropped", _("Dropped out")
        MOVED = "moved", _("Moved away")
        REFERRED = "referred", _("Referred to another service")
        DECEASED = "deceased", _("Deceased")
        OTHER = "other", _("Other")

    person = models.ForeignKey(
        Person, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="enrolments"
    )
    programme = models.ForeignKey(
        "strategy.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    enrolled_on = models.DateField(_("enrolled on"))
    stage = models.ForeignKey(
        Stage,
        verbose_name=_("current stage"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    exited_on = models.DateField(_("exited on"), null=True, blank=True)
    exit_reason = models.CharField(
        _("exit reason"), max_length=10, choices=ExitReason.choices, blank=True
    )
    # Entry criteria not met when enrolled ("age", "zone"): allowed, but shown and counted.
    flags = models.JSONField(_("criteria not met"), default=list, blank=True)
    # When records are merged, the enrolment moves to the kept record; this remembers whence.
    registered_as = models.ForeignKey(
        Person,
        verbose_name=_("registered as"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    batch = models.ForeignKey(
        "imports.ImportBatch",
        verbose_name=_("import batch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-enrolled_on", "-id"]
        indexes = [
            # Counts: enrolments of a programme active in a period.
            models.Index(
                fields=["programme", "enrolled_on", "exited_on"], name="enrolment_span_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.programme}"


class StageEntry(models.Model):
    """When an enrolment moved to a later stage of the route (the first starts with it)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="stage_entries")
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="+")
    entered_on = models.DateField(_("entered on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("stage entry")
        verbose_name_plural = _("stage entries")
        ordering = ["enrolment", "entered_on", "id"]

    def __str__(self) -> str:
        return f"{self.enrolment} → {self.stage}"


class Session(models.Model):
    """A session of one of the strategy's activities (a workshop, a group meeting...)."""

    activity = models.ForeignKey(
        "strategy.Activity",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="participant_sessions",
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    zone = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("zone"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.activity} · {self.date}"


class Attendance(models.Model):
    """A participant present at a session (absence is the lack of a row)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.person} @ {self.session}"
