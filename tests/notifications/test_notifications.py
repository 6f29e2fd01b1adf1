"""Notices in the app and by e-mail, the list page, and the unread count in the header."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from redpaz.notifications.models import Notification
from redpaz.notifications.services import notify

pytestmark = pytest.mark.django_db


def test_it_stores_a_notice_and_e_mails_it(users: Any, mailoutbox: Any) -> None:
    users.ana.email = "ana@example.org"
    users.ana.save()
    [notice] = notify(
        users=[users.ana],
        kind="test.kind",
        title="Indicador fuera de ruta",
        body="IMP-1 2023",
        url="/strategy/1/",
    )
    assert notice.recipient == users.ana and notice.read_at is None
    assert notice.email_sent_at is not None
    [mail] = mailoutbox
    assert mail.to == ["ana@example.org"] and mail.subject == "[RedPaz] Indicador fuera de ruta"
    assert "http://127.0.0.1:8000/strategy/1/" in mail.body


def test_a_key_is_notified_once_per_person(users: Any, mailoutbox: Any) -> None:
    for _ in range(3):
        notify(users=[users.ana, users.pablo], kind="k", title="t", key="occurrence-1")
    assert Notification.objects.filter(key="occurrence-1").count() == 2
    assert notify(users=[users.ana], kind="k", title="t", key="occurrence-2", email=False)


def test_a_mail_failure_keeps_the_notice(users: Any, settings: Any) -> None:
    settings.EMAIL_BACKEND = "tests.notifications.test_notifications.BrokenBackend"
    [notice] = notify(users=[users.ana], kind="k", title="t")
    notice.refresh_from_db()
    assert notice.email_sent_at is None


class BrokenBackend:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: Any) -> int:
        raise OSError("mail server down")


def test_the_header_counts_unread_notices_and_the_page_marks_them_read(
    users: Any, client_for: Any
) -> None:
    notify(users=[users.ana], kind="k", title="Primera", url="/territory/", email=False)
    [second] = notify(users=[users.ana], kind="k", title="Segunda", email=False)
    notify(users=[users.pablo], kind="k", title="De otro", email=False)
    client = client_for(users.ana)
    home = client.get("/").content.decode()
    assert 'class="badge"' in home and ">2<" in home
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Primera" in page and "Segunda" in page and "De otro" not in page
    first = Notification.objects.get(title="Primera")
    response = client.post(reverse("notifications:open", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == "/territory/"
    response = client.post(reverse("notifications:open", args=[second.pk]), {"stay": "1"})
    assert response["Location"] == reverse("notifications:list")
    assert not Notification.objects.filter(recipient=users.ana, read_at__isnull=True).exists()
    assert 'class="badge"' not in client.get("/").content.decode()


def test_nobody_opens_another_persons_notice(users: Any, client_for: Any) -> None:
    [notice] = notify(users=[users.pablo], kind="k", title="t", email=False)
    response = client_for(users.ana).post(reverse("notifications:open", args=[notice.pk]))
    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_all_read(users: Any, client_for: Any) -> None:
    notify(users=[users.ana, users.ana], kind="k", title="a", email=False)
    notify(users=[users.ana], kind="k", title="b", email=False)
    client_for(users.ana).post(reverse("notifications:read-all"))
    assert not Notification.objects.filter(read_at__isnull=True, recipient=users.ana).exists()


def test_an_external_link_is_never_followed(users: Any, client_for: Any) -> None:
    [notice] = notify(
        users=[users.ana], kind="k", title="t", url="https://evil.example/", email=False
    )
    response = client_for(users.ana).post(reverse("notifications:open", args=[notice.pk]))
    assert response["Location"] == reverse("notifications:list")
