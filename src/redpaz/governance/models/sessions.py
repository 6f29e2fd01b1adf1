"""Sessions of a committee: agenda, attendance, minutes, decisions and attached files."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from redpaz.governance.models.committees import Committee, CommitteeMember


class Session(models.Model):
    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinary")
        EXTRAORDINARY = "extraordinary", _("Extraordinary")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("session status", "Planned")
        HELD = "held", pgettext_lazy("session status", "Held")
        CANCELLED = "cancelled", pgettext_lazy("session status", "Cancelled")

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="sessions"
    )
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices, default=Kind.ORDINARY)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    # The date the meeting rule gave, when the session came from it; ``starts_at`` differs when
    # that date was a holiday (``moved_reason`` names it).
    planned_on = models.DateField(_("date by the rule"), null=True, blank=True)
    moved_reason = models.CharField(_("moved because of"), max_length=120, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    # Minutes (acta): numbered per committee and year when the session is recorded as held.
    acta_year = models.PositiveSmallIntegerField(_("minutes year"), null=True, blank=True)
    acta_number = models.PositiveSmallIntegerField(_("minutes number"), null=True, blank=True)
    minutes = models.TextField(
        _("development of the session"),
        blank=True,
        help_text=_("What was said and agreed, beyond the notes of each agenda item."),
    )
    presided_by = models.ForeignKey(
        CommitteeMember,
        verbose_name=_("presided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    secretary = models.ForeignKey(
        CommitteeMember,
        verbose_name=_("secretary"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
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
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__lt=models.F("ends_at")),
                name="session_times_ordered",
            ),
            # Generating the calendar twice adds nothing: one ordinary session per rule date.
            models.UniqueConstraint(
                fields=["committee", "planned_on"],
                condition=models.Q(planned_on__isnull=False),
                name="session_rule_date_unique",
            ),
            models.UniqueConstraint(
                fields=["committee", "acta_year", "acta_number"],
                condition=models.Q(acta_number__isnull=False),
                name="session_acta_number_unique",
            ),
        ]
        indexes = [
            # Calendars and the committee page list sessions by date.
            models.Index(fields=["committee", "starts_at"], name="session_committee_date_idx"),
            # The month view and feeds across committees.
            models.Index(fields=["starts_at"], name="session_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.committee} · {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("governance:session", args=[self.pk])

    @property
    def date(self) -> date:
        return timezone.localdate(self.starts_at)

    @property
    def acta_label(self) -> str:
        if self.acta_number is None:
            return ""
        return f"{self.acta_number:03d}-{self.acta_year}"

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD


class AgendaItem(models.Model):
    """An item of the order of the day. Items suggested by RedPaz (an overdue commitment, an
    off-track indicator, a field alert) keep the suggestion's key so they are added once; a
    suggested item taken off the agenda is kept as dismissed so it is not suggested again."""

    class Kind(models.TextChoices):
        STANDARD = "standard", _("Standard item")
        MANUAL = "manual", _("Added by a person")
        OVERDUE_COMMITMENT = "overdue_commitment", _("Overdue commitment")
        OFF_TRACK_INDICATOR = "off_track_indicator", _("Off-track indicator")
        FIELD_ALERT = "field_alert", _("Field alert")
        SITUATION_REPORT = "situation_report", _("Situation report")
        SUGGESTED = "suggested", _("Suggested")

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="agenda"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("item"), max_length=300)
    detail = models.TextField(_("detail"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MANUAL)
    source_key = models.CharField(_("suggestion"), max_length=120, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    presenter = models.CharField(_("presented by"), max_length=200, blank=True)
    notes = models.TextField(_("development"), blank=True)
    dismissed = models.BooleanField(_("taken off the agenda"), default=False)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "source_key"],
                condition=~models.Q(source_key=""),
                name="agenda_item_suggestion_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def suggested(self) -> bool:
        return bool(self.source_key)


class Attendance(models.Model):
    """Who came: a member (principal or alternate) or a guest."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendance"
    )
    member = models.ForeignKey(
        CommitteeMember,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendance",
    )
    # Kept as they were on the day (a member's position or organisation may change later);
    # for guests, the only record of who they were.
    name = models.CharField(_("name"), max_length=200)
    organisation_name = models.CharField(_("organisation"), max_length=300, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    status = models.CharField(
        _("attendance"), max_length=8, choices=Status.choices, default=Status.PRESENT
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session", "member__order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member"],
                condition=models.Q(member__isnull=False),
                name="attendance_member_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.get_status_display()}"

    @property
    def is_guest(self) -> bool:
        return self.member_id is None


class Decision(models.Model):
    """Something the committee decided (a commitment is a decision someone must carry out)."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="decisions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    text = models.TextField(_("decision"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["session", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


def attachment_path(attachment: Attachment, filename: str) -> str:
    """Files of a session live together, each under a random folder (names may repeat)."""
    name = PurePath(filename).name
    return f"governance/sessions/{attachment.session_id}/{uuid.uuid4().hex}/{name}"


class Attachment(models.Model):
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("name"), max_length=200)
    description = models.CharField(_("description"), max_length=300, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["session", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
