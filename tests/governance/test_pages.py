"""The governance pages as a secretary uses them: from a new committee to its minutes."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from redpaz.governance import services
from redpaz.governance.models import Commitment, Committee, Session
from tests.factories import municipality
from tests.governance.helpers import committee, held_session, person, principals

pytestmark = pytest.mark.django_db


def test_an_analyst_creates_a_committee_seats_members_and_generates_its_sessions(
    client_for: Any, users: Any
) -> None:
    client = client_for(users.ana)
    step = client.get(reverse("governance:committee-create"))
    assert "Medellín" in step.content.decode() and "Palmira" not in step.content.decode()
    medellin = municipality("05001")
    form = client.get(reverse("governance:committee-create") + f"?municipality={medellin.pk}")
    assert form.status_code == 200
    response = client.post(
        reverse("governance:committee-create"),
        {
            "name": "Comité estratégico de prueba",
            "kind": "strategic",
            "organisation": users.ana.memberships.get().organisation_id,
            "municipality": medellin.pk,
            "frequency": "bimonthly",
            "week_of_month": "2",
            "weekday": "2",
            "start_time": "09:00",
            "duration_minutes": "120",
            "quorum_rule": "majority",
            "is_active": "on",
        },
    )
    created = Committee.objects.get(name="Comité estratégico de prueba")
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    for name in ("Secretario de Seguridad (sintético)", "Secretaria de Educación (sintética)"):
        client.post(
            reverse("governance:member-create", args=[created.pk]),
            {"name": name, "role": "member", "has_vote": "on"},
        )
    principal = created.members.get(name__startswith="Secretario")
    client.post(
        reverse("governance:member-create", args=[created.pk]),
        {"name": "Suplente (sintético)", "role": "member", "alternate_of": principal.pk},
    )
    assert created.members.get(name="Suplente (sintético)").alternate_of == principal
    preview = client.post(
        reverse("governance:generate", args=[created.pk]),
        {"start": "2025-01-01", "end": "2025-12-31"},
    )
    assert "Crear 6 sesiones" in preview.content.decode()
    assert not created.sessions.exists()
    client.post(
        reverse("governance:generate", args=[created.pk]),
        {"start": "2025-01-01", "end": "2025-12-31", "confirm": "1"},
    )
    assert created.sessions.count() == 6
    page = client.get(created.get_absolute_url() + "?year=2025")
    content = page.content.decode()
    assert "Suplente (sintético)" in content and "Cada dos meses" in content
    assert content.count("Ordinaria") == 6


def test_a_secretary_runs_a_session_from_attendance_to_the_minutes(
    client_for: Any, users: Any
) -> None:
    secretary = person("sara")
    body = committee(voting=3, alternates=1, secretary=secretary)
    owner = person("olga")
    services.member_update(member=principals(body)[2], user=owner)
    day = timezone.localdate() - timedelta(days=2)
    session = services.session_create(committee=body, day=day, kind="ordinary")
    client = client_for(secretary)  # no role: runs the committee as its secretary
    url = session.get_absolute_url()
    assert client.get(url).status_code == 200
    first, second, third = principals(body)
    alternate = body.members.get(alternate_of=first)
    response = client.post(
        reverse("governance:session-attendance", args=[session.pk]),
        {
            f"member_{first.pk}": "excused",
            f"member_{alternate.pk}": "present",
            f"member_{second.pk}": "present",
            f"member_{third.pk}": "absent",
            "guest_0_name": "Invitada de la Personería (sintética)",
            "guest_0_organisation": "Personería",
            "guest_0_position": "Delegada",
        },
        follow=True,
    )
    assert "hay quórum" in response.content.decode()
    assert session.attendance.filter(member__isnull=True).count() == 1
    client.post(
        reverse("governance:agenda-add", args=[session.pk]),
        {"title": "Casos de la comuna", "detail": "", "presenter": "Gestores"},
    )
    item = session.agenda.get(title="Casos de la comuna")
    client.post(
        reverse("governance:session-minutes", args=[session.pk]),
        {"minutes": "Se cerró a tiempo.", f"item_{item.pk}": "Se revisaron tres casos."},
    )
    item.refresh_from_db()
    assert item.notes == "Se revisaron tres casos."
    client.post(
        reverse("governance:decision-add", args=[session.pk]),
        {"text": "Priorizar los casos con riesgo de homicidio", "agenda_item": item.pk},
    )
    response = client.post(
        reverse("governance:commitment-create", args=[session.pk]),
        {
            "description": "Visitar a las familias",
            "agenda_item": item.pk,
            "owner_member": third.pk,
            "due_date": (day + timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get(description="Visitar a las familias")
    assert commitment.owner_user == owner and commitment.agenda_item == item
    upload = SimpleUploadedFile("asistencia.pdf", b"%PDF-1.4 listado", "application/pdf")
    client.post(
        reverse("governance:attachment-upload", args=[session.pk]),
        {"file": upload, "description": "Listado firmado"},
    )
    attachment = session.attachments.get()
    download = client.get(reverse("governance:attachment", args=[session.pk, attachment.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 listado"
    client.post(reverse("governance:session-action", args=[session.pk, "held"]))
    session.refresh_from_db()
    assert session.status == Session.Status.HELD and session.acta_label.endswith(str(day.year))
    pdf = client.get(reverse("governance:session-acta", args=[session.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    page = client.get(url).content.decode()
    for text in (
        "Priorizar los casos",
        "Visitar a las familias",
        "Se cerró a tiempo.",
        "asistencia.pdf",
    ):
        assert text in page
    # The owner reports progress on their commitment; only the committee gives more time.
    owner_client = client_for(owner)
    response = owner_client.post(
        commitment.get_absolute_url(),
        {
            "status": "done",
            "due_date": "2099-01-01",
            "completed_on": day.isoformat(),
            "evidence": "Actas de visita",
            "note": "Listo",
        },
    )
    commitment.refresh_from_db()
    assert response.status_code == 302 and commitment.status == "done"
    assert commitment.due_date == day + timedelta(days=30)


def test_cancelling_and_reopening_a_session(client_for: Any, users: Any) -> None:
    body = committee()
    session = services.session_create(committee=body, day=date(2030, 3, 12))
    client = client_for(users.ana)
    client.post(
        reverse("governance:session-action", args=[session.pk, "cancel"]),
        {"cancel_reason": "Alerta de orden público"},
    )
    session.refresh_from_db()
    assert session.status == "cancelled" and session.cancel_reason == "Alerta de orden público"
    assert client.get(reverse("governance:session-acta", args=[session.pk])).status_code == 404
    client.post(reverse("governance:session-action", args=[session.pk, "reopen"]))
    session.refresh_from_db()
    assert session.status == "planned"


def test_the_commitments_list_filters_and_downloads(client_for: Any, users: Any) -> None:
    body = committee()
    session = held_session(body, date(2024, 5, 14))
    services.commitment_create(
        session=session,
        description="=Fórmula que no debe ejecutarse",
        due_date=date(2024, 6, 14),
        owner_name="Comandante (sintético)",
    )
    client = client_for(users.ana)
    page = client.get(reverse("governance:commitments"))
    assert "Fórmula que no debe ejecutarse" in page.content.decode()
    csv = client.get(reverse("governance:commitments") + "?format=csv")
    assert "'=Fórmula" in csv.content.decode("utf-8-sig")
    xlsx = client.get(reverse("governance:commitments") + "?format=xlsx")
    assert xlsx.content.startswith(b"PK")
    done = client.get(reverse("governance:commitments") + "?status=done")
    assert "Fórmula" not in done.content.decode()


def test_participation_bodies_are_assessed_over_time(client_for: Any, users: Any) -> None:
    client = client_for(users.ana)
    response = client.post(
        reverse("governance:body-create") + "?municipality=05001",
        {
            "municipality_code": "05001",
            "name": "Consejo Municipal de Paz (prueba)",
            "kind": "peace_council",
            "sessions_per_year": "4",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    body_url = response["Location"]
    assess = client.get(body_url + "assess/?start=2024-01-01&end=2024-12-31")
    assert assess.status_code == 200
    for year, held, level in ((2023, "1", "1"), (2024, "3", "3")):
        client.post(
            body_url + "assess/",
            {
                "period_start": f"{year}-01-01",
                "period_end": f"{year}-12-31",
                "assessed_on": f"{year + 1}-01-15",
                "sessions_numerator": held,
                "sessions_denominator": "4",
                "formalisation_level": level,
                "proposals_numerator": "1",
                "proposals_denominator": "2",
                "influence_level": level,
            },
        )
    page = client.get(body_url).content.decode()
    # 2023: operativity (25 + 25) / 2 = 25; incidence (50 + 25) / 2 = 37.5.
    # 2024: operativity (75 + 75) / 2 = 75; incidence (50 + 75) / 2 = 62.5.
    assert "25,0" in page and "37,5" in page and "75,0" in page and "62,5" in page
    assert "<svg" in page  # the chart of the change over time
    listing = client.get(reverse("governance:bodies") + "?municipality=05001").content.decode()
    assert "Consejo Municipal de Paz (prueba)" in listing


def test_the_home_page_lists_my_pending_commitments(client_for: Any, users: Any) -> None:
    owner = person("olga")
    body = committee()
    services.member_update(member=principals(body)[1], user=owner)
    session = held_session(body, date(2024, 5, 14))
    services.commitment_create(
        session=session,
        description="Entregar el informe trimestral",
        due_date=date(2024, 8, 1),
        owner_member=principals(body)[1],
    )
    content = client_for(owner).get(reverse("governance:home")).content.decode()
    assert "Entregar el informe trimestral" in content and body.name in content


def test_editing_a_committee_its_members_and_a_session(client_for: Any, users: Any) -> None:
    body = committee(voting=3, alternates=1)
    client = client_for(users.ana)
    edit = reverse("governance:committee-edit", args=[body.pk])
    response = client.post(
        edit,
        {
            "name": body.name,
            "kind": "territorial",
            "frequency": "monthly",
            "day_of_month": "20",
            "start_time": "15:00",
            "duration_minutes": "90",
            "quorum_rule": "fixed",
            "quorum_fixed": "2",
            "is_public": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    body.refresh_from_db()
    assert (body.day_of_month, body.weekday, body.week_of_month) == (20, None, None)
    assert body.is_public and body.quorum_fixed == 2
    # A monthly rule without its day is refused with a message on the form.
    refused = client.post(edit, {"name": body.name, "kind": "territorial", "frequency": "monthly",
                                 "start_time": "15:00", "duration_minutes": "90",
                                 "quorum_rule": "majority"})  # fmt: skip
    assert (
        refused.status_code == 200 and "Diga cuándo se reúne en el mes" in refused.content.decode()
    )
    session = held_session(body, date(2024, 5, 20))
    client.post(
        reverse("governance:session-edit", args=[session.pk]),
        {"day": "2024-05-21", "start_time": "16:00", "end_time": "17:30", "place": "Biblioteca"},
    )
    session.refresh_from_db()
    local = timezone.localtime(session.starts_at)
    assert (local.date(), local.hour, session.place) == (date(2024, 5, 21), 16, "Biblioteca")
    # A member who never attended is deleted; one who did keeps their seat with an end date,
    # and their alternates' seats end with it.
    first = principals(body)[0]
    alternate = body.members.get(alternate_of=first)
    client.post(reverse("governance:member-remove", args=[body.pk, alternate.pk]))
    assert not body.members.filter(pk=alternate.pk).exists()
    client.post(reverse("governance:member-remove", args=[body.pk, first.pk]))
    first.refresh_from_db()
    assert first.end == timezone.localdate()
    item = session.agenda.get(order=20)
    client.post(
        reverse("governance:agenda-edit", args=[session.pk, item.pk]),
        {"title": "Aprobación del orden del día", "detail": "", "presenter": "", "order": "20"},
    )
    item.refresh_from_db()
    assert item.title == "Aprobación del orden del día"
    services.decision_add(session=session, text="Decisión de prueba")
    decision = session.decisions.get()
    client.post(reverse("governance:decision-delete", args=[session.pk, decision.pk]))
    assert not session.decisions.exists()
    attachment = services.attachment_add(
        session=session, file=SimpleUploadedFile("notas.txt", b"notas de la sesion")
    )
    client.post(reverse("governance:attachment-delete", args=[session.pk, attachment.pk]))
    assert not session.attachments.exists()
    # The acta of a session renders in English too.
    client.post(reverse("set_language"), {"language": "en"})
    pdf = client.get(reverse("governance:session-acta", args=[session.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
