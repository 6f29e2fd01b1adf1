"""Provenance of every imported row: which file, from whom, extracted when, imported by whom."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    """One file brought into RedPaz; every row it produced points back here."""

    class Status(models.TextChoices):
        DONE = "done", _("Imported")
        REPLACED = "replaced", _("Replaced by a newer extraction")
        ROLLED_BACK = "rolled_back", _("Rolled back")

    kind = models.CharField(_("kind"), max_length=32)
    # What the import applies to (e.g. "05001:comuna"): one file may serve two scopes.
    scope = models.CharField(_("scope"), max_length=100, blank=True)
    # Identifies "the same release" across extractions (e.g. "policia:homicidio:2023").
    release = models.CharField(_("release"), max_length=100, blank=True)
    source_name = models.CharField(_("source file"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size_bytes = models.BigIntegerField(_("size in bytes"), default=0)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    extraction_date = models.DateField(_("extraction date"), null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_batches",
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DONE
    )
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_stored = models.PositiveIntegerField(_("rows stored"), default=0)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced",
    )

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-imported_at", "-id"]
        indexes = [
            # "Has this exact file already been imported for this scope?" on every import.
            models.Index(fields=["kind", "sha256", "scope"], name="batch_dedup_idx"),
            # "Which batch currently holds this release?" when a newer extraction arrives.
            models.Index(fields=["kind", "release", "status"], name="batch_release_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.source_name} ({self.imported_at:%Y-%m-%d})"

    def get_kind_display(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


# Importers register their kind here so that lists and reports can name it.
KIND_LABELS: dict[str, str | Promise] = {
    "population": _("Population"),
    "zones": _("Boundaries"),
    "indicator": _("Social indicator"),
}
