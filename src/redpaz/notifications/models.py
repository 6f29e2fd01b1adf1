"""Notices for people: something needs their attention (an off-track indicator, a result to
review, a commitment due). Stored in the app and, when the person has an e-mail, sent by mail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One notice to one person."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # Dotted name of what produced it ("strategy.off_track", "strategy.result_submitted"...).
    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # Identifies the occurrence (e.g. "indicator 12, 2024"): the same key is never notified
    # twice to the same person, so recomputing a figure does not repeat a notice.
    key = models.CharField(_("key"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_sent_at = models.DateTimeField(_("e-mail sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The unread count in the header of every page.
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            # "Was this occurrence already notified to this person?"
            models.Index(fields=["recipient", "key"], name="notification_key_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
