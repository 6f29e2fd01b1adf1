"""Commitments followed up: overdue ones notify their owner once and come back on the agenda."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from redpaz.governance import services
from redpaz.governance.models import Commitment
from redpaz.notifications.models import Notification
from tests.governance.helpers import committee, held_session, person, principals

pytestmark = pytest.mark.django_db


def _follow_up(day: date) -> str:
    out = StringIO()
    call_command("governance_follow_up", "--date", day.isoformat(), stdout=out)
    return out.getvalue()


def test_an_overdue_commitment_notifies_its_owner_once_and_comes_back_on_the_next_agenda(
    settings,
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    today = timezone.localdate()
    owner = person("olga")
    body = committee(voting=3, alternates=0)
    services.member_update(member=principals(body)[1], user=owner)
    earlier = held_session(body, today - timedelta(days=40))
    commitment = services.commitment_create(
        session=earlier,
        description="Entregar el mapa de riesgos de la comuna",
        due_date=today - timedelta(days=3),
        owner_member=principals(body)[1],
        agenda_item=earlier.agenda.get(order=20),
    )
    assert commitment.owner_user == owner and commitment.owner_name == "Integrante 2 (sintético)"
    # Recorded after its due date (from the minutes): already overdue, nobody told yet.
    assert commitment.status == Commitment.Status.OVERDUE
    on_time = services.commitment_create(
        session=earlier,
        description="Convocar a la mesa barrial",
        due_date=today + timedelta(days=5),
        owner_member=principals(body)[2],
    )
    following = services.session_create(
        committee=body, day=today + timedelta(days=10), kind="ordinary"
    )

    output = _follow_up(today)
    assert "items added to the agendas of 1 coming sessions" in output
    notices = Notification.objects.filter(recipient=owner, kind="governance.commitment_overdue")
    assert notices.count() == 1
    notice = notices.get()
    assert "Entregar el mapa de riesgos" in notice.title
    assert notice.url == commitment.get_absolute_url()
    assert [m.to for m in mail.outbox] == [["olga@example.org"]]
    item = following.agenda.get(source_key=f"governance.commitment:{commitment.pk}")
    assert item.kind == "overdue_commitment"
    assert "Integrante 2 (sintético)" in item.detail
    assert not following.agenda.filter(source_key=f"governance.commitment:{on_time.pk}").exists()

    # The next day: nothing new to tell, nothing added twice.
    _follow_up(today + timedelta(days=1))
    assert notices.count() == 1
    assert following.agenda.filter(source_key__startswith="governance.commitment:").count() == 1


def test_the_daily_run_marks_pending_commitments_past_due_as_overdue() -> None:
    today = timezone.localdate()
    body = committee(voting=3, alternates=0)
    session = held_session(body, today - timedelta(days=20))
    commitment = services.commitment_create(
        session=session,
        description="Solicitar patrullajes",
        due_date=today,
        owner_name="Comandante de estación (sintético)",
    )
    assert commitment.status == Commitment.Status.OPEN
    _follow_up(today + timedelta(days=1))
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.OVERDUE
    assert commitment.overdue_since == today + timedelta(days=1)
    assert list(commitment.updates.values_list("status", flat=True)) == ["open", "overdue"]


def test_owners_without_an_account_are_followed_up_by_the_secretary_in_one_notice() -> None:
    today = timezone.localdate()
    secretary = person("sara")
    body = committee(voting=3, alternates=0, secretary=secretary)
    session = held_session(body, today - timedelta(days=30))
    for text in ("Solicitar patrullajes", "Convocar a la mesa barrial"):
        services.commitment_create(
            session=session,
            description=text,
            due_date=today - timedelta(days=2),
            owner_name="Comandante de estación (sintético)",
        )
    _follow_up(today)
    notices = Notification.objects.filter(recipient=secretary)
    assert notices.count() == 1
    notice = notices.get()
    assert notice.title == "2 compromisos vencidos"
    assert "Solicitar patrullajes" in notice.body and "Convocar a la mesa barrial" in notice.body
    assert notice.url == f"/governance/commitments/?committee={body.pk}"
    # Told once: the next day brings nothing new; a new due date that passes, once more.
    _follow_up(today + timedelta(days=1))
    assert notices.count() == 1
    late = Commitment.objects.get(description="Solicitar patrullajes")
    services.commitment_update(
        commitment=late, change=services.Change(due_date=today + timedelta(days=3))
    )
    _follow_up(today + timedelta(days=5))
    assert notices.count() == 2
    assert notices.first().title.startswith("Compromiso vencido: Solicitar patrullajes")


def test_more_time_reopens_an_overdue_commitment_and_done_needs_evidence() -> None:
    today = timezone.localdate()
    body = committee(voting=3, alternates=0)
    session = held_session(body, today - timedelta(days=30))
    commitment = services.commitment_create(
        session=session,
        description="Acompañar a las familias remitidas",
        due_date=today - timedelta(days=2),
        owner_member=principals(body)[0],
    )
    services.commitment_update(
        commitment=commitment,
        change=services.Change(due_date=today + timedelta(days=15), note="Plazo ampliado"),
    )
    assert commitment.status == Commitment.Status.OPEN
    with pytest.raises(ValidationError, match="adjunte un archivo"):
        services.commitment_update(
            commitment=commitment, change=services.Change(status=Commitment.Status.DONE)
        )
    services.commitment_update(
        commitment=commitment,
        change=services.Change(
            status=Commitment.Status.DONE, evidence="Listado de visitas firmado"
        ),
    )
    assert commitment.met_on_time and commitment.completed_on == today
    with pytest.raises(ValidationError):
        services.commitment_update(
            commitment=commitment, change=services.Change(status=Commitment.Status.CANCELLED)
        )
