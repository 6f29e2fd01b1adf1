"""Commitments: what a committee asked someone to do, by when, and whether it was done."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from redpaz.governance.models.committees import CommitteeMember
from redpaz.governance.models.sessions import AgendaItem, Session


def commitment_evidence_path(commitment: Commitment, filename: str) -> str:
    name = PurePath(filename).name
    return f"governance/commitments/{commitment.pk or 'new'}/{uuid.uuid4().hex}/{name}"


class Commitment(models.Model):
    class Status(models.TextChoices):
        # Contexts keep these apart from the same English words elsewhere (an activity "Done").
        OPEN = "open", pgettext_lazy("commitment status", "Open")
        IN_PROGRESS = "in_progress", pgettext_lazy("commitment status", "In progress")
        DONE = "done", pgettext_lazy("commitment status", "Done")
        OVERDUE = "overdue", pgettext_lazy("commitment status", "Overdue")
        CANCELLED = "cancelled", pgettext_lazy("commitment status", "Cancelled")

    # Statuses of a commitment still to be carried out.
    PENDING = (Status.OPEN, Status.IN_PROGRESS, Status.OVERDUE)

    session = models.ForeignKey(
        Session,
        verbose_name=_("session where it was made"),
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    description = models.TextField(_("commitment"))
    # The owner: a member of the committee, or anyone named with their organisation; with an
    # account they are notified when it falls overdue.
    owner_member = models.ForeignKey(
        CommitteeMember,
        verbose_name=_("owner (member)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner (account)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_commitments",
    )
    owner_name = models.CharField(_("owner"), max_length=200)
    owner_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("owner's organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_commitments",
    )
    owner_dependency = models.CharField(_("owner's dependency"), max_length=200, blank=True)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    completed_on = models.DateField(
        pgettext_lazy("commitment", "completed on"), null=True, blank=True
    )
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(
        _("evidence (file)"), upload_to=commitment_evidence_path, max_length=300, blank=True
    )
    evidence_url = models.URLField(_("evidence (link)"), max_length=500, blank=True)
    # What in the strategy it serves (any or none).
    component = models.ForeignKey(
        "strategy.Component",
        verbose_name=_("strategy component"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    programme = models.ForeignKey(
        "strategy.Programme",
        verbose_name=_("programme or project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    indicator = models.ForeignKey(
        "strategy.Indicator",
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    overdue_since = models.DateField(_("overdue since"), null=True, blank=True)
    # The due date its owner was told it passed: told once per due date (a new date, once more).
    overdue_notified_for = models.DateField(_("overdue notice sent for"), null=True, blank=True)
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
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(completed_on__isnull=False),
                name="commitment_done_has_date",
            ),
        ]
        indexes = [
            # The daily follow-up looks for pending commitments past their due date.
            models.Index(fields=["status", "due_date"], name="commitment_status_due_idx"),
            # "My commitments".
            models.Index(fields=["owner_user", "status"], name="commitment_owner_idx"),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        return reverse("governance:commitment", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status in self.PENDING

    @property
    def met_on_time(self) -> bool:
        return (
            self.status == self.Status.DONE
            and self.completed_on is not None
            and self.completed_on <= self.due_date
        )

    def days_late(self, today: date) -> int:
        end = self.completed_on if self.status == self.Status.DONE else today
        return max(0, (end - self.due_date).days) if end else 0

    @property
    def owner_label(self) -> str:
        parts = [str(p) for p in (self.owner_organisation, self.owner_dependency) if p]
        return f"{self.owner_name} ({' · '.join(parts)})" if parts else self.owner_name

    @property
    def evidence_name(self) -> str:
        return PurePath(self.evidence_file.name or "").name if self.evidence_file else ""


class CommitmentUpdate(models.Model):
    """A step in a commitment's follow-up: a change of status, due date or evidence, and why."""

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="updates"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=12, choices=Commitment.Status.choices)
    note = models.TextField(_("note"), blank=True)
    # field: [before, after], for what changed besides the status.
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("commitment update")
        verbose_name_plural = _("commitment updates")
        ordering = ["commitment", "at", "id"]

    def __str__(self) -> str:
        return f"{self.commitment_id} · {self.status}"
