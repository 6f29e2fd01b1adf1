"""The calendar of a committee, extraordinary sessions, minutes numbering, attachments."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from redpaz.governance import services
from redpaz.governance.models import AgendaItem, Session
from tests.governance.helpers import committee, held_session, principals

pytestmark = pytest.mark.django_db


def test_a_monthly_committee_gets_a_year_of_sessions_with_holidays_moved() -> None:
    # First Monday of each month at 9:00 in 2024: four are holidays.
    body = committee(week_of_month=1, weekday=0)
    outcome = services.sessions_generate(
        committee=body, start=date(2024, 1, 1), end=date(2024, 12, 31)
    )
    assert len(outcome.created) == 12
    sessions = list(body.sessions.order_by("starts_at"))
    moved = [(s.planned_on, s.date, s.moved_reason) for s in sessions if s.moved_reason]
    assert moved == [
        (date(2024, 1, 1), date(2024, 1, 2), "Año Nuevo"),
        (date(2024, 6, 3), date(2024, 6, 4), "Corpus Christi (observado)"),
        (date(2024, 7, 1), date(2024, 7, 2), "San Pedro y San Pablo (observado)"),
        (date(2024, 11, 4), date(2024, 11, 5), "Día de Todos los Santos (observado)"),
    ]
    first = sessions[0]
    local = timezone.localtime(first.starts_at)
    assert (local.time(), str(local.tzinfo)) == (time(9, 0), "America/Bogota")
    assert (first.ends_at - first.starts_at).seconds == 2 * 3600
    assert first.presided_by.role == "chair" and first.secretary.role == "secretary"
    # Every session opens with the quorum check and closes with other business.
    titles = list(first.agenda.values_list("title", flat=True))
    assert titles[0] == "Verificación del quórum" and titles[-1] == "Proposiciones y varios"
    # Generating again adds nothing.
    again = services.sessions_generate(
        committee=body, start=date(2024, 1, 1), end=date(2024, 12, 31)
    )
    assert (len(again.created), again.kept) == (0, 12)


def test_a_changed_rule_replaces_the_planned_sessions_that_hold_nothing() -> None:
    body = committee(week_of_month=2, weekday=1)
    services.sessions_generate(committee=body, start=date(2024, 1, 1), end=date(2024, 6, 30))
    kept = body.sessions.get(planned_on=date(2024, 3, 12))
    services.attendance_record(session=kept, marks={principals(body)[0].pk: "present"})
    services.committee_update(committee=body, week_of_month=3)
    outcome = services.sessions_generate(
        committee=body, start=date(2024, 1, 1), end=date(2024, 6, 30), replace_planned=True
    )
    assert outcome.replaced == 5 and len(outcome.created) == 6
    assert body.sessions.filter(pk=kept.pk).exists()


def test_a_committee_without_a_rule_calls_its_sessions_one_by_one() -> None:
    body = committee(frequency="as_needed")
    with pytest.raises(ValidationError):
        services.sessions_generate(committee=body, start=date(2024, 1, 1), end=date(2024, 2, 1))
    session = services.session_create(committee=body, day=date(2024, 2, 6))
    assert session.kind == Session.Kind.EXTRAORDINARY and session.planned_on is None


def test_minutes_are_numbered_per_committee_and_year_when_the_session_is_held() -> None:
    body = committee(voting=3, alternates=0)
    first = held_session(body, date(2023, 11, 14))
    second = held_session(body, date(2024, 2, 13))
    third = held_session(body, date(2024, 3, 12))
    assert [s.acta_label for s in (first, second, third)] == ["001-2023", "001-2024", "002-2024"]


def test_a_session_is_held_only_once_it_took_place_and_someone_attended() -> None:
    body = committee(voting=3, alternates=0)
    future = services.session_create(
        committee=body, day=timezone.localdate().replace(year=timezone.localdate().year + 1)
    )
    with pytest.raises(ValidationError, match="todavía no ha tenido lugar"):
        services.session_record_held(session=future)
    past = services.session_create(committee=body, day=date(2024, 5, 14))
    with pytest.raises(ValidationError, match="asistieron"):
        services.session_record_held(session=past)
    services.session_cancel(session=past, reason="Paro armado en la zona (sintético)")
    with pytest.raises(ValidationError):
        services.session_record_held(session=past)


def test_suggested_items_are_added_once_and_stay_off_when_dismissed() -> None:
    body = committee()
    session = services.session_create(committee=body, day=date(2030, 5, 14))
    item = AgendaItem.objects.create(
        session=session, title="Alerta", source_key="fieldwork.alert:1", kind="field_alert"
    )
    services.agenda_item_remove(item=item)
    item.refresh_from_db()
    assert item.dismissed
    manual = services.agenda_item_add(session=session, title="Informe de la Personería")
    assert manual.order < 900
    services.agenda_item_remove(item=manual)
    assert not AgendaItem.objects.filter(pk=manual.pk).exists()


def test_attachments_are_checked_for_type_size_and_content() -> None:
    body = committee()
    session = services.session_create(committee=body, day=date(2024, 5, 14))
    pdf = SimpleUploadedFile("listado.pdf", b"%PDF-1.7\n...", content_type="application/pdf")
    attachment = services.attachment_add(session=session, file=pdf)
    assert attachment.name == "listado.pdf" and attachment.size == 12
    with pytest.raises(ValidationError, match="exe"):
        services.attachment_add(session=session, file=SimpleUploadedFile("x.exe", b"MZ..."))
    with pytest.raises(ValidationError, match="contenido"):
        services.attachment_add(session=session, file=SimpleUploadedFile("foto.png", b"%PDF-"))
    big = SimpleUploadedFile("acta.txt", b"a" * (20 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="20 MB"):
        services.attachment_add(session=session, file=big)
