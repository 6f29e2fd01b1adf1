"""The participant pages: register, enrol, attendance on a phone, merge, counts, requests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from redpaz.accounts.models import User
from redpaz.participants import services
from redpaz.participants.models import Attendance, DuplicateCandidate, Enrolment, Person
from redpaz.strategy import services as strategy_services
from tests.factories import comuna
from tests.participants.helpers import count, enrol, person, world

pytestmark = pytest.mark.django_db


def test_staff_register_a_person_with_consent_and_enrol_them(client_for: Any) -> None:
    w = world()
    client = client_for(w.staff_a)
    form = client.get(reverse("participants:person-create")).content.decode()
    assert "Gestores" in form and "Mediación" not in form  # only their programme
    response = client.post(
        reverse("participants:person-create"),
        {
            "document_type": "TI",
            "document_number": "1034000111",
            "given_names": "Yuliana",
            "first_surname": "Mosquera",
            "second_surname": "",
            "birth_date": "2009-03-12",
            "sex": "female",
            "ethnicity": "negro",
            "zone": comuna("10").pk,
            "legal_basis": "consent",
            "purpose": "Programa de gestores",
            "given_on": "2024-02-01",
            "form": "written",
            "guardian_name": "Rosa Palacios",
            "programme": w.a.pk,
        },
    )
    yuliana = Person.objects.get()
    assert response.url == yuliana.get_absolute_url()
    assert yuliana.consents.get().given_by == "guardian"
    assert yuliana.identity.guardian_name == "Rosa Palacios"
    assert Enrolment.objects.get().programme == w.a
    page = client.get(yuliana.get_absolute_url()).content.decode()
    assert yuliana.code in page and "Yuliana" not in page  # the name only when asked
    assert "Yuliana" in client.get(yuliana.get_absolute_url() + "?identity=1").content.decode()


def test_registering_a_known_document_points_to_the_existing_record(client_for: Any) -> None:
    w = world()
    juan = person()
    enrol(juan, w.a)
    response = client_for(w.staff_a).post(
        reverse("participants:person-create"),
        {
            "document_number": "1017234567",
            "given_names": "Juan",
            "first_surname": "Pérez",
            "birth_date": "2004-05-17",
            "zone": comuna("10").pk,
            "legal_basis": "consent",
            "purpose": "x",
            "given_on": "2024-02-01",
            "form": "written",
        },
    )
    assert juan.code in response.content.decode()
    assert Person.objects.count() == 1


def test_attendance_is_a_list_of_check_boxes_by_code(client_for: Any) -> None:
    w = world()
    activity = strategy_services.activity_create(programme=w.a, name="Mesas de mediación")
    people = [person(document=str(n), given=f"Zacarías {n}") for n in range(3)]
    enrolments = [enrol(p, w.a) for p in people]
    client = client_for(w.staff_a)
    response = client.post(
        reverse("participants:programme", args=[w.a.pk]),
        {"action": "session", "activity": activity.pk, "date": "2022-03-04", "hours": "3"},
    )
    session = activity.participant_sessions.get()
    assert response.url == reverse("participants:attendance", args=[session.pk])
    page = client.get(response.url).content.decode()
    assert page.count('type="checkbox"') == 3
    assert people[0].code in page and "Zacar" not in page
    client.post(response.url, {"present": [enrolments[0].pk, enrolments[2].pk]})
    assert set(Attendance.objects.values_list("enrolment_id", flat=True)) == {
        enrolments[0].pk,
        enrolments[2].pk,
    }
    client.post(response.url, {"present": [enrolments[1].pk]})
    assert list(Attendance.objects.values_list("enrolment_id", flat=True)) == [enrolments[1].pk]
    assert "3" in client.get(people[1].get_absolute_url()).content.decode()  # hours received
    # Staff of another programme cannot take this session's attendance.
    assert client_for(w.staff_b).get(response.url).status_code == 404


def test_dosage_counts_people_who_received_the_planned_hours() -> None:
    from redpaz.participants.counts import participants_with_hours
    from tests.participants.helpers import context_for_year

    w = world()
    activity = strategy_services.activity_create(programme=w.a, name="Talleres")
    juan, ana = person(), person(document="2", given="Ana", sex="female")
    a, b = enrol(juan, w.a), enrol(ana, w.a)
    for day in (date(2022, 3, 1), date(2022, 4, 1)):
        session = services.session_create(activity=activity, on=day, hours=Decimal(12))
        services.attendance_save(
            session=session, present=[a.pk] + ([b.pk] if day.month == 3 else [])
        )
    outcome = participants_with_hours(context_for_year(w.strategy, "2022"), {"hours": 20})
    assert outcome.value == 1
    assert list(outcome.records.values_list("pk", flat=True)) == [juan.pk]


def test_the_merge_screen_merges_a_probable_duplicate(client_for: Any) -> None:
    w = world()
    admin = User.objects.create(username="admin", is_superuser=True)
    juan = person()
    twin = person(document="", first="Gómez", second="Pérez")
    enrol(juan, w.a)
    enrol(twin, w.c)
    client = client_for(admin)
    client.post(reverse("participants:duplicate-search"))
    pair = DuplicateCandidate.objects.get()
    page = client.get(reverse("participants:duplicate", args=[pair.pk])).content.decode()
    assert "Juan Camilo Pérez Gómez" in page and "Juan Camilo Gómez Pérez" in page
    client.post(
        reverse("participants:duplicate", args=[pair.pk]),
        {"action": "merge", "keep": "first", "reason": "Mismo documento en físico"},
    )
    pair.refresh_from_db()
    assert pair.status == "merged"
    assert count(w.strategy).value == 1
    absorbed = Person.objects.get(merged_into__isnull=False)
    # The absorbed code leads to the kept record, for staff who see it too.
    assert client.get(absorbed.get_absolute_url()).url == absorbed.merged_into.get_absolute_url()
    staff = client_for(w.staff_a)
    assert staff.get(absorbed.get_absolute_url()).url == absorbed.merged_into.get_absolute_url()


def test_programme_staff_set_entry_criteria_and_route(client_for: Any) -> None:
    w = world()
    client = client_for(w.staff_a)
    client.post(
        reverse("participants:programme", args=[w.a.pk]),
        {
            "action": "profile",
            "min_age": "14",
            "max_age": "28",
            "zones": [comuna("13").pk],
            "stages": "Atención psicosocial\nFormación\nEmpleo",
        },
    )
    assert [s.name for s in w.a.route_stages.all()] == [
        "Atención psicosocial",
        "Formación",
        "Empleo",
    ]
    enrolment = enrol(person(birth=date(1980, 1, 1)), w.a)
    assert enrolment.flags == ["age", "zone"]
    assert enrolment.stage.name == "Atención psicosocial"
    response = client.post(
        reverse("participants:enrolment", args=[enrolment.pk]),
        {
            "action": "advance",
            "stage": w.a.route_stages.get(name="Formación").pk,
            "on": "2022-05-01",
        },
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.stage.name == "Formación"
    client.post(
        reverse("participants:enrolment", args=[enrolment.pk]),
        {"action": "exit", "exited_on": "2022-09-30", "exit_reason": "placed"},
    )
    enrolment.refresh_from_db()
    assert enrolment.exit_reason == "placed"
    assert (
        client_for(w.staff_b)
        .post(reverse("participants:programme", args=[w.a.pk]), {"action": "profile"})
        .status_code
        == 404
    )


def test_every_page_answers_for_an_administrator(client_for: Any) -> None:
    w = world()
    admin = User.objects.create(username="admin", is_superuser=True)
    juan = person()
    enrol(juan, w.a)
    client = client_for(admin)
    for url in (
        reverse("participants:home"),
        reverse("participants:programmes"),
        reverse("participants:programme", args=[w.a.pk]),
        reverse("participants:duplicates"),
        reverse("participants:counts"),
        reverse("participants:counts") + "?year=2022&format=xlsx",
        reverse("participants:person-create"),
        juan.get_absolute_url(),
        reverse("participants:person-edit", args=[juan.code]),
        reverse("participants:consent", args=[juan.code]),
        reverse("participants:requests", args=[juan.code]),
        reverse("participants:enrolment", args=[juan.enrolments.get().pk]),
    ):
        assert client.get(url).status_code == 200, url
    counts = client.get(reverse("participants:counts") + "?year=2022").content.decode()
    assert "&lt;5" not in counts  # those who may see people see exact numbers


def test_an_administrator_assigns_programme_staff_and_staff_cannot(client_for: Any) -> None:
    w = world()
    admin = User.objects.create(username="admin", is_superuser=True)
    juan = person()
    enrol(juan, w.b)
    assert client_for(w.staff_a).get(juan.get_absolute_url()).status_code == 404
    form = client_for(admin).get(reverse("participants:programme", args=[w.b.pk]))
    assert "staff_a" in form.content.decode()
    client_for(admin).post(
        reverse("participants:programme", args=[w.b.pk]),
        {"action": "profile", "staff": [w.staff_a.pk, w.staff_b.pk], "stages": ""},
    )
    assert set(w.b.participant_profile.staff.all()) == {w.staff_a, w.staff_b}
    assert client_for(w.staff_a).get(juan.get_absolute_url()).status_code == 200
    # Staff set criteria of their programme but do not choose who else sees its people.
    page = client_for(w.staff_a).get(reverse("participants:programme", args=[w.a.pk]))
    assert 'name="staff"' not in page.content.decode()
