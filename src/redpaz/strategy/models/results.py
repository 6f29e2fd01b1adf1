"""Results of indicators by period, their disaggregated values, and the history of changes."""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from redpaz.strategy.models.indicators import Disaggregation, Indicator
from redpaz.strategy.periods import Period


def evidence_path(result: Result, filename: str) -> str:
    # A random folder: the original name is kept for the reader, never trusted as a path.
    folder = f"strategy/evidence/{result.indicator.strategy_id}/{uuid.uuid4().hex}"
    return f"{folder}/{PurePath(filename).name}"


class Result(models.Model):
    """The actual value of an indicator for a period, and its way to approval."""

    class Origin(models.TextChoices):
        COMPUTED = "computed", _("Computed from data")
        REPORTED = "reported", _("Reported")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        REVIEWED = "reviewed", _("Reviewed")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for correction")

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="results"
    )
    period = models.CharField(_("period"), max_length=7)
    origin = models.CharField(_("origin"), max_length=8, choices=Origin.choices)
    # Empty when a computation could not produce a figure (the note says why).
    value = models.DecimalField(_("value"), null=True, blank=True, max_digits=20, decimal_places=4)
    # False when the data behind the figure covers only part of the period.
    complete = models.BooleanField(_("complete data"), default=True)
    note = models.TextField(_("comment"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    evidence_file = models.FileField(
        _("evidence (file)"), upload_to=evidence_path, max_length=300, blank=True
    )
    evidence_url = models.URLField(_("evidence (link)"), max_length=500, blank=True)
    # Computed results: the computation, its parameters, the dates, the inputs and the ids of
    # the records behind the figure.
    trace = models.JSONField(_("how it was computed"), default=dict, blank=True)
    # Data changed after approval: the new figure waits for an approver to accept it.
    revised_value = models.DecimalField(
        _("revised value"), null=True, blank=True, max_digits=20, decimal_places=4
    )
    revised_trace = models.JSONField(default=dict, blank=True)
    revised_at = models.DateTimeField(_("revised at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="result_unique"),
        ]
        indexes = [
            # "Pending approval" on every strategy dashboard.
            models.Index(fields=["status"], name="result_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.value}"

    def get_absolute_url(self) -> str:
        return reverse(
            "strategy:result", args=[self.indicator.strategy_id, self.indicator_id, self.period]
        )

    @property
    def is_locked(self) -> bool:
        """An approved result locks its period: it changes only after an approver reopens it."""
        return self.status == self.Status.APPROVED

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)

    @property
    def evidence_name(self) -> str:
        return PurePath(self.evidence_file.name or "").name if self.evidence_file else ""

    @property
    def record_count(self) -> int | None:
        records: Any = self.trace.get("records") if self.trace else None
        return records.get("count") if isinstance(records, dict) else None


class ResultValue(models.Model):
    """A disaggregated value of a result (women: 12; comuna 13: 40...)."""

    result = models.ForeignKey(
        Result, verbose_name=_("result"), on_delete=models.CASCADE, related_name="values"
    )
    dimension = models.CharField(
        _("dimension"), max_length=12, choices=Disaggregation.Dimension.choices
    )
    category = models.CharField(_("category"), max_length=40)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)

    class Meta:
        verbose_name = _("disaggregated value")
        verbose_name_plural = _("disaggregated values")
        ordering = ["result", "dimension", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["result", "dimension", "category"], name="result_value_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}={self.category}: {self.value}"


class IndicatorRevision(models.Model):
    """A change to an indicator's definition, baseline, targets or disaggregations, and why."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="revisions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    reason = models.TextField(_("reason"))
    # {field: [before, after]} as text, so that the history reads the same forever.
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        verbose_name = _("indicator revision")
        verbose_name_plural = _("indicator revisions")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.at:%Y-%m-%d} · {self.reason[:40]}"


class ResultEvent(models.Model):
    """A step in a result's life: submitted, reviewed, approved, returned, reopened, revised..."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        EDITED = "edited", _("Edited")
        COMPUTED = "computed", _("Computed")
        RECOMPUTED = "recomputed", _("Recomputed")
        REVIEWED = "reviewed", _("Reviewed")
        APPROVED = "approved", _("Approved and locked")
        RETURNED = "returned", _("Returned for correction")
        REOPENED = "reopened", _("Reopened")
        REVISED = "revised", _("Data changed after approval")
        REVISION_ACCEPTED = "revision_accepted", _("Revised figure accepted")

    result = models.ForeignKey(
        Result, verbose_name=_("result"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    reason = models.TextField(_("reason or comment"), blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("result event")
        verbose_name_plural = _("result events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.result} · {self.get_action_display()}"
