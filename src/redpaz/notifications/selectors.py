"""Reads of notifications: a person only ever sees their own."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from redpaz.notifications.models import Notification


def notifications_of(user: Any, *, unread_only: bool = False) -> QuerySet[Notification]:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    qs = Notification.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


def notification_get(*, user: Any, pk: int) -> Notification:
    """The user's own notice, or 404 (another person's notices do not exist for them)."""
    notification = notifications_of(user).filter(pk=pk).first()
    if notification is None:
        raise Http404("No such notification")
    return notification


def unread_count(user: Any) -> int:
    return notifications_of(user, unread_only=True).count()
