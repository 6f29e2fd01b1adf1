"""Calendar feeds (ICS) that calendar programs read, and who sees what in them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from redpaz.accounts.roles import Role
from redpaz.governance import services
from redpaz.governance.models import CalendarSubscription
from redpaz.governance.services.feeds import feed_token
from tests.factories import comuna
from tests.governance.helpers import committee, person

pytestmark = pytest.mark.django_db


def _parse(response: Any) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content
    # RFC 5545: CRLF line endings, lines folded at 75 octets.
    assert b"\r\n" in body and all(len(line) <= 75 for line in body.split(b"\r\n"))
    return icalendar.Calendar.from_ical(body)


def _events(calendar: icalendar.Calendar) -> dict[str, Any]:
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def committees() -> dict[str, Any]:
    today = timezone.localdate()
    public = committee(name="Comité territorial Popular (público)", is_public=True)
    private = committee(name="Comité de seguridad ampliado (privado)", is_public=False)
    for body in (public, private):
        services.sessions_generate(
            committee=body, start=today - timedelta(days=60), end=today + timedelta(days=90)
        )
    extraordinary = services.session_create(
        committee=private, day=today + timedelta(days=3), place="Sala de crisis; piso 2"
    )
    services.agenda_item_add(session=extraordinary, title="Amenaza a lideresa, comuna 1")
    return {"public": public, "private": private, "extraordinary": extraordinary}


def test_the_public_feed_validates_and_holds_public_committees_only(
    client: Any, committees: dict[str, Any]
) -> None:
    calendar = _parse(client.get(reverse("governance:public-feed")))
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = list(calendar.walk("VEVENT"))
    public = committees["public"]
    assert len(events) == public.sessions.count() > 0
    assert {str(e["SUMMARY"]) for e in events} == {public.name}
    session = public.sessions.order_by("starts_at").first()
    event = next(e for e in events if e.decoded("DTSTART") == session.starts_at)
    assert event.decoded("DTEND") == session.ends_at
    assert str(event["UID"]).startswith(f"governance.session-{session.pk}@")
    assert str(event["LOCATION"]) == "Casa de gobierno"
    assert str(event["STATUS"]) == "CONFIRMED"
    # No agenda in the public feed: suggested items may name alerts and people.
    assert "Verificación" not in str(event.get("DESCRIPTION", ""))
    body = client.get(reverse("governance:public-feed")).content.decode()
    assert "privado" not in body and "Amenaza" not in body


def test_a_members_private_feed_shows_their_private_committee_with_its_agenda(
    client: Any, committees: dict[str, Any]
) -> None:
    olga = person("olga")  # no role anywhere: sees the committee because she sits on it
    private = committees["private"]
    services.member_add(committee=private, user=olga, position="Delegada")
    token = feed_token(services.subscription_get_or_create(user=olga))
    calendar = _parse(client.get(reverse("governance:feed", args=[token])))
    events = list(calendar.walk("VEVENT"))
    names = {str(e["SUMMARY"]) for e in events}
    assert names == {private.name, f"{private.name} (extraordinaria)"}
    extraordinary = next(e for e in events if "extraordinaria" in str(e["SUMMARY"]))
    # Text with a semicolon and accents survives the round trip (RFC 5545 escaping).
    assert str(extraordinary["LOCATION"]) == "Sala de crisis; piso 2"
    assert "Amenaza a lideresa, comuna 1" in str(extraordinary["DESCRIPTION"])
    assert str(extraordinary["URL"]).endswith(committees["extraordinary"].get_absolute_url())
    # Only one strategy's sessions: none of these committees serves one.
    only = _parse(client.get(reverse("governance:feed", args=[token]) + "?strategy=999"))
    assert not list(only.walk("VEVENT"))


def test_a_private_feed_follows_access_when_read_not_when_made(
    client: Any, committees: dict[str, Any]
) -> None:
    outsider = person("omar", Role.FIELD_WORKER, comuna("01"))
    token = feed_token(services.subscription_get_or_create(user=outsider))
    url = reverse("governance:feed", args=[token])
    # A field worker sees public committees of their territory only; these committees cover
    # the whole municipality, which a comuna grant does not.
    assert not list(_parse(client.get(url)).walk("VEVENT"))
    services.committee_update(committee=committees["public"], zones=[comuna("01")])
    assert set(_events(_parse(client.get(url)))) == {committees["public"].name}
    services.committee_update(committee=committees["private"], zones=[comuna("01")])
    assert set(_events(_parse(client.get(url)))) == {committees["public"].name}


def test_a_wrong_or_renewed_address_is_refused(client: Any, committees: dict[str, Any]) -> None:
    olga = person("olga")
    token = feed_token(services.subscription_get_or_create(user=olga))
    assert client.get(reverse("governance:feed", args=[token])).status_code == 200
    tampered = token[:-1] + ("1" if token[-1] == "0" else "0")
    assert client.get(reverse("governance:feed", args=[tampered])).status_code == 404
    assert client.get(reverse("governance:feed", args=["abc"])).status_code == 404
    services.subscription_renew(user=olga)
    assert client.get(reverse("governance:feed", args=[token])).status_code == 404
    olga.is_active = False
    olga.save()
    renewed = feed_token(services.subscription_get_or_create(user=olga))
    assert client.get(reverse("governance:feed", args=[renewed])).status_code == 404


def test_a_cancelled_session_stays_in_the_feed_as_cancelled(
    client: Any, committees: dict[str, Any]
) -> None:
    public = committees["public"]
    session = public.sessions.filter(starts_at__date__gt=timezone.localdate()).first()
    services.session_cancel(session=session, reason="Jornada electoral")
    events = list(_parse(client.get(reverse("governance:public-feed"))).walk("VEVENT"))
    cancelled = [e for e in events if e.decoded("DTSTART") == session.starts_at]
    assert str(cancelled[0]["STATUS"]) == "CANCELLED"


def test_the_month_view_shows_sessions_and_holidays(
    client_for: Any, users: Any, committees: dict[str, Any]
) -> None:
    response = client_for(users.ana).get(reverse("governance:calendar") + "?month=2024-07")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Día de la Independencia" in content  # 20 July
    session = committees["extraordinary"]
    month = session.starts_at.strftime("%Y-%m")
    content = (
        client_for(users.ana)
        .get(reverse("governance:calendar") + f"?month={month}")
        .content.decode()
    )
    assert session.get_absolute_url() in content
    # Someone with no governance role sees nothing of the private committee.
    nobody = client_for(users.nobody).get(reverse("governance:calendar") + f"?month={month}")
    assert session.get_absolute_url() not in nobody.content.decode()


def test_the_subscribe_page_gives_the_private_address(client_for: Any, users: Any) -> None:
    response = client_for(users.ana).get(reverse("governance:subscribe"))
    token = feed_token(CalendarSubscription.objects.get(user=users.ana))
    assert token in response.content.decode()
    response = client_for(users.ana).post(reverse("governance:subscribe"), follow=True)
    renewed = feed_token(CalendarSubscription.objects.get(user=users.ana))
    assert renewed != token and renewed in response.content.decode()
