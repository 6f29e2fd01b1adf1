"""Writes for notifications: store notices and send them by e-mail."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from redpaz.notifications.models import Notification

logger = logging.getLogger(__name__)


def notify(
    *,
    users: Iterable[Any],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
    key: str = "",
) -> list[Notification]:
    """Store a notice for each user and e-mail those who have an address.

    With a ``key``, a person who was already notified of that key gets nothing new. Inactive
    accounts are skipped. A mail server failure is logged and leaves the in-app notice in
    place (``email_sent_at`` stays empty), so nothing is lost.
    """
    recipients = {u.pk: u for u in users if u is not None and u.is_active}
    if key and recipients:
        already = set(
            Notification.objects.filter(recipient_id__in=recipients, key=key).values_list(
                "recipient_id", flat=True
            )
        )
        recipients = {pk: u for pk, u in recipients.items() if pk not in already}
    if not recipients:
        return []
    with transaction.atomic():
        created = [
            Notification.objects.create(
                recipient=user, kind=kind, title=title[:200], body=body, url=url, key=key
            )
            for user in recipients.values()
        ]
    if email:
        for notification in created:
            _send(notification)
    return created


def _absolute(url: str) -> str:
    if url.startswith("/"):
        return f"{settings.SITE_URL}{url}"
    return url


def _send(notification: Notification) -> None:
    address = notification.recipient.email
    if not address:
        return
    text = notification.body
    if notification.url:
        text = f"{text}\n\n{_absolute(notification.url)}".strip()
    try:
        send_mail(
            subject=f"[RedPaz] {notification.title}",
            message=text,
            from_email=None,
            recipient_list=[address],
        )
    except Exception:  # any mail failure must leave the notice in place
        logger.exception("could not e-mail notification %s", notification.pk)
        return
    notification.email_sent_at = timezone.now()
    notification.save(update_fields=["email_sent_at"])


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
