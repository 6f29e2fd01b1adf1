"""Import pages: upload per kind, batch reports, rollback, review queue, and who may see what."""

from __future__ import annotations

from pathlib import Path

import pytest

from redpaz.imports.models import ImportBatch
from redpaz.jobs.models import Job
from redpaz.observatory.models import EventRecord, PlaceReview
from redpaz.observatory.services import points_import, policia_import, table_import
from tests.factories import comuna
from tests.ingest.releases import write_release
from tests.observatory.test_import_points import GOOD, HEADER
from tests.observatory.test_import_table import JANUARY
from tests.observatory.test_import_table import _files as table_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(settings, tmp_path: Path) -> Path:
    """A data directory of the test's own, where uploads wait for their job."""
    settings.REDPAZ_HOME = tmp_path / "home"
    return settings.REDPAZ_HOME


def _points_csv(tmp_path: Path) -> Path:
    path = tmp_path / "medellin.csv"
    path.write_text("\n".join([HEADER, *GOOD]) + "\n", encoding="utf-8")
    return path


def test_only_people_who_import_data_reach_the_import_pages(users, client, client_for) -> None:
    assert client.get("/observatory/imports/").status_code == 302  # to the login page
    for user in (users.donna, users.fiona, users.nobody):
        assert client_for(user).get("/observatory/imports/").status_code == 403
    page = client_for(users.ana).get("/observatory/imports/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "/observatory/imports/new/points/" in body
    assert "/observatory/imports/new/policia/" not in body  # national data: not for a city
    assert 'href="/observatory/imports/"' in body  # in the main navigation


def test_an_analyst_uploads_points_and_follows_the_job_to_the_report(
    users, client_for, tmp_path: Path, home: Path
) -> None:
    client = client_for(users.ana)
    with _points_csv(tmp_path).open("rb") as upload:
        response = client.post(
            "/observatory/imports/new/points/",
            {"file": upload, "municipality": "05001", "crime": "homicidio", "source": ""},
        )
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.DONE, job.error
    assert job.created_by == users.ana
    assert not any((home / "uploads").iterdir())  # the uploaded file is not kept
    batch = ImportBatch.objects.get(pk=job.result["batches"][0])
    assert batch.imported_by == users.ana and batch.rows_stored == 2
    page = client.get(job.get_absolute_url()).content.decode()
    assert f"/observatory/imports/{batch.pk}/" in page
    report = client.get(f"/observatory/imports/{batch.pk}/")
    assert report.status_code == 200
    body = report.content.decode()
    assert "medellin.csv" in body and batch.sha256 in body
    assert "La Candelaria" in body and "Belén" in body  # victims by comuna


def test_a_palmira_analyst_neither_sees_nor_imports_medellin_point_records(
    users, client_for, tmp_path: Path, home: Path
) -> None:
    medellin = points_import(path=_points_csv(tmp_path), municipality_code="05001")
    (national,) = policia_import(paths=[write_release(tmp_path / "release.xlsx")])
    client = client_for(users.pablo)
    assert client.get(f"/observatory/imports/{medellin.batch.pk}/").status_code == 404
    assert client.get(f"/observatory/imports/{national.batch.pk}/").status_code == 200
    listing = client.get("/observatory/imports/").content.decode()
    assert f"/observatory/imports/{medellin.batch.pk}/" not in listing
    assert f"/observatory/imports/{national.batch.pk}/" in listing
    api = client.get("/api/v1/import-batches/").json()
    assert [b["id"] for b in api["results"]] == [national.batch.pk]

    form = client.get("/observatory/imports/new/points/").content.decode()
    assert 'value="76520"' in form and 'value="05001"' not in form
    with _points_csv(tmp_path).open("rb") as upload:
        response = client.post(
            "/observatory/imports/new/points/",
            {"file": upload, "municipality": "05001", "crime": "homicidio"},
        )
    assert response.status_code == 200 and not Job.objects.exists()
    assert client.get("/observatory/imports/new/policia/").status_code == 403
    # Rolling back national data needs national scope.
    rollback = client.post(f"/observatory/imports/{national.batch.pk}/rollback/", {"confirm": "on"})
    assert rollback.status_code == 403
    assert EventRecord.objects.filter(batch=national.batch).exists()


def test_zone_detail_of_a_national_table_shows_only_the_readers_municipalities(
    users, client_for, tmp_path: Path
) -> None:
    mapping = (
        '[source]\nslug = "rinas"\ncrime = "lesiones-personales"\n[read]\ndecimal = ","\n'
        '[columns]\ndate = "Fecha"\nmunicipality_code = "Cod_Mpio"\nzone_name = "Comuna"\n'
        'count = "Casos"\n[zones]\nlevel = "comuna"\n[coverage]\nterritory = "CO"\n'
    )
    table, spec = table_files(tmp_path, "nacional", JANUARY, mapping)
    outcome = table_import(path=table, mapping=spec)
    for user, shown in ((users.ana, True), (users.pablo, False)):
        body = client_for(user).get(f"/observatory/imports/{outcome.batch.pk}/").content.decode()
        assert ("SAN ANTONIO" in body) is shown
        api = client_for(user).get(f"/api/v1/import-batches/{outcome.batch.pk}/").json()
        assert bool(api["report"]["zones"]) is shown


def test_the_review_queue_places_waiting_records_once_a_name_is_confirmed(
    users, client_for, tmp_path: Path
) -> None:
    table, spec = table_files(tmp_path, "enero", JANUARY)
    table_import(path=table, mapping=spec)
    review = PlaceReview.objects.get(name="SAN ANTONIO")
    assert (
        "SAN ANTONIO"
        not in client_for(users.pablo).get("/observatory/imports/review/").content.decode()
    )
    assert (
        client_for(users.pablo)
        .post(
            f"/observatory/imports/review/{review.pk}/",
            {"decision": "confirm", "zone": comuna("80").pk},
        )
        .status_code
        == 404
    )
    client = client_for(users.ana)
    page = client.get("/observatory/imports/review/").content.decode()
    assert "SAN ANTONIO" in page and "San Antonio de Prado" in page
    response = client.post(
        f"/observatory/imports/review/{review.pk}/",
        {"decision": "confirm", "zone": comuna("80").pk},
    )
    assert response.status_code == 302
    assert EventRecord.objects.get(place_name="SAN ANTONIO").zone == comuna("80")
    assert (
        f"/observatory/imports/review/{review.pk}/"
        not in client.get("/observatory/imports/review/").content.decode()
    )


def test_a_batch_is_rolled_back_from_its_page_after_confirmation(
    users, client_for, tmp_path: Path
) -> None:
    (outcome,) = policia_import(paths=[write_release(tmp_path / "release.xlsx")])
    client = client_for(users.alice)
    url = f"/observatory/imports/{outcome.batch.pk}/rollback/"
    client.post(url, {})
    assert EventRecord.objects.filter(batch=outcome.batch).count() == 4
    client.post(url, {"confirm": "on"})
    outcome.batch.refresh_from_db()
    assert outcome.batch.status == ImportBatch.Status.ROLLED_BACK
    assert not EventRecord.objects.filter(batch=outcome.batch).exists()
    page = client.get(f"/observatory/imports/{outcome.batch.pk}/").content.decode()
    assert str(users.alice) in page  # who rolled it back


def test_a_bad_release_uploaded_on_the_web_fails_with_file_row_and_column(
    users, client_for, tmp_path: Path, home: Path
) -> None:
    bad = write_release(tmp_path / "h2021.xlsx", total=99)
    good = write_release(tmp_path / "h2022.xlsx", period="PERÍODO DEL 01 DE ENERO AL 31 DE "
                         "DICIEMBRE AÑO 2021")  # fmt: skip
    client = client_for(users.alice)
    with bad.open("rb") as one, good.open("rb") as two:
        response = client.post("/observatory/imports/new/policia/", {"releases": [one, two]})
    job = Job.objects.get()
    assert response.status_code == 302
    assert job.status == Job.Status.FAILED
    assert "h2021.xlsx, row 13, field 'CANTIDAD'" in job.error
    page = client.get(job.get_absolute_url()).content.decode()
    assert "TOTAL row says 99" in page
    assert not EventRecord.objects.exists()
