"""Private calendar addresses: a secret per person, derived rather than stored."""

from __future__ import annotations

import secrets
from typing import Any

from django.utils.crypto import constant_time_compare, salted_hmac

from redpaz.governance.models import CalendarSubscription

_SALT = "redpaz.governance.calendar-feed"


def feed_token(subscription: CalendarSubscription) -> str:
    """The secret part of the person's calendar address (``<user id>-<hmac>``)."""
    digest = salted_hmac(_SALT, f"{subscription.user_id}:{subscription.nonce}").hexdigest()
    return f"{subscription.user_id}-{digest[:40]}"


def subscription_get_or_create(*, user: Any) -> CalendarSubscription:
    subscription, _created = CalendarSubscription.objects.get_or_create(
        user=user, defaults={"nonce": secrets.token_hex(16)}
    )
    return subscription


def subscription_renew(*, user: Any) -> CalendarSubscription:
    """A new address; the old one stops working at once."""
    subscription = subscription_get_or_create(user=user)
    subscription.nonce = secrets.token_hex(16)
    subscription.save(update_fields=["nonce"])
    return subscription


def subscription_for_token(token: str) -> CalendarSubscription | None:
    """The subscription a calendar address belongs to, if the address is valid and its owner
    is still active."""
    user_id, _sep, _digest = token.partition("-")
    if not user_id.isdigit():
        return None
    subscription = (
        CalendarSubscription.objects.select_related("user").filter(user_id=int(user_id)).first()
    )
    if subscription is None or not subscription.user.is_active:
        return None
    if not constant_time_compare(feed_token(subscription), token):
        return None
    return subscription
