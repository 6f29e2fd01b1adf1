"""Field work pages: the phone form and its offline files, supervision, the map, photos."""

from __future__ import annotations

import io
import json
import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from redpaz.fieldwork import services
from redpaz.fieldwork.models import Intervention
from tests.factories import comuna, municipality
from tests.fieldwork.helpers import coordinator, mediation, mediator

pytestmark = pytest.mark.django_db


def test_the_form_lists_only_the_field_workers_zones_and_links_the_app_files(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mediator("gestora", "01", "03"))
    page = client.get(reverse("fieldwork:form"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Popular (01)" in html and "Manrique (03)" in html
    assert "San Javier" not in html
    assert reverse("web-manifest") in html and 'data-sw="/sw.js"' in html
    assert "Guardar la mediación" in html


def test_the_service_worker_is_served_from_the_root_and_caches_the_form(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    assert '"/fieldwork/form/"' in body and "/static/fieldwork/form.js" in body
    for asset in ("/static/fieldwork/form.js", "/static/fieldwork/store.js"):
        assert client.get(asset).status_code == 200
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    assert manifest["start_url"] == "/fieldwork/form/"
    assert manifest["display"] == "standalone"


def test_only_people_with_fieldwork_capabilities_open_the_pages(client, users) -> None:  # type: ignore[no-untyped-def]
    client.force_login(users.donna)
    assert client.get(reverse("fieldwork:home")).status_code == 403
    assert client.get(reverse("fieldwork:form")).status_code == 403
    assert client.get(reverse("fieldwork:supervision")).status_code == 403
    client.force_login(users.fiona)  # a field worker: records, does not supervise
    home = client.get(reverse("fieldwork:home"))
    assert home.status_code == 200
    assert reverse("fieldwork:form") in home.content.decode()
    assert reverse("fieldwork:supervision") not in home.content.decode()
    assert client.get(reverse("fieldwork:form")).status_code == 200
    assert client.get(reverse("fieldwork:supervision")).status_code == 403
    assert client.get(reverse("fieldwork:map")).status_code == 403
    client.logout()
    assert client.get(reverse("fieldwork:form")).status_code == 302


def test_a_coordinator_who_records_nothing_lands_on_the_supervision(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(coordinator("coordinadora", comuna("01")))
    home = client.get(reverse("fieldwork:home"))
    assert home.status_code == 302
    assert home["Location"] == reverse("fieldwork:supervision")


def test_supervision_shows_caseloads_follow_ups_due_and_the_map(client) -> None:  # type: ignore[no-untyped-def]
    worker = mediator("gestora", "01")
    today = timezone.localdate()
    first = mediation(
        comuna("01"),
        user=worker,
        outcome="ongoing",
        risk="high",
        follow_ups=({"due_on": today - timedelta(days=2), "done_on": None},),
        latitude=6.29,
        longitude=-75.55,
        precision="exact",
    )
    mediation(comuna("01"), user=worker, conflict_type="debt")
    mediation(comuna("13"), user=mediator("otro", "13"))
    boss = coordinator("coordinadora", comuna("01"))
    client.force_login(boss)
    page = client.get(reverse("fieldwork:supervision"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Gestora" in html and "Otro" not in html
    caseload = page.context["caseloads"][0]
    assert (caseload["total"], caseload["open_cases"], caseload["high_risk"]) == (2, 1, 1)
    assert (caseload["follow_ups_pending"], caseload["follow_ups_late"]) == (1, 1)
    assert [f.mediation for f in page.context["follow_ups"]] == [first]
    assert sum(w["count"] for w in page.context["weeks"]) == 2
    features = json.loads(client.get(reverse("fieldwork:map")).content)["features"]
    assert {f["id"] for f in features} == {
        str(first.uuid),
        *(str(m.uuid) for m in worker_mediations(worker) if m != first),
    }
    point = next(f for f in features if f["id"] == str(first.uuid))
    assert point["geometry"]["coordinates"] == [-75.55, 6.29]
    assert point["properties"]["outcome"] == "ongoing"
    # Filtered by type.
    debt = json.loads(client.get(reverse("fieldwork:map") + "?conflict_type=debt").content)
    assert len(debt["features"]) == 1


def test_an_intervention_area_is_drawn_on_the_map(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mediator("gestora", "01"))
    square = {
        "type": "Polygon",
        "coordinates": [
            [[-75.55, 6.29], [-75.549, 6.29], [-75.549, 6.291], [-75.55, 6.291], [-75.55, 6.29]]
        ],
    }
    url = reverse("fieldwork-intervention-detail", args=[uuid.uuid4()])
    body = {"zone": comuna("01").pk, "date": "2024-05-01", "kind": "public_space"}
    bad = client.put(url, {**body, "area_geojson": '{"type": "Point"}'}, "application/json")
    assert bad.status_code == 400 and "area_geojson" in bad.json()
    good = client.put(url, {**body, "area_geojson": json.dumps(square)}, "application/json")
    assert good.status_code == 201, good.content
    client.force_login(coordinator("coordinadora", municipality("05001")))
    features = json.loads(client.get(reverse("fieldwork:map")).content)["features"]
    assert [f["geometry"]["type"] for f in features] == ["Polygon"]
    assert features[0]["properties"]["url"].startswith("/fieldwork/interventions/")


def worker_mediations(worker):  # type: ignore[no-untyped-def]
    from redpaz.fieldwork.models import Mediation

    return list(Mediation.objects.filter(recorded_by=worker))


def test_a_mediation_is_visible_to_its_author_and_supervisors_only(client) -> None:  # type: ignore[no-untyped-def]
    worker = mediator("gestora", "01")
    record = mediation(comuna("01"), user=worker, actions="Diálogo en la cancha")
    url = record.get_absolute_url()
    client.force_login(worker)
    assert "Diálogo en la cancha" in client.get(url).content.decode()
    client.force_login(mediator("colega", "01"))
    assert client.get(url).status_code == 404
    client.force_login(coordinator("palmira", municipality("76520")))
    assert client.get(url).status_code == 404
    client.force_login(coordinator("medellin", municipality("05001")))
    assert client.get(url).status_code == 200


def _jpeg(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


def test_photos_are_capped_on_the_server(client, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path

    worker = mediator("gestora", "01")
    intervention = services.intervention_save(
        uuid=uuid.uuid4(),
        base_version=None,
        fields={"zone": comuna("01"), "date": date(2024, 5, 1), "kind": "mural"},
        user=worker,
    ).record
    client.force_login(worker)
    url = reverse("fieldwork-intervention-photos", args=[intervention.uuid])
    big = io.BytesIO(_jpeg(4000, 3000))
    big.name = "mural.jpg"
    response = client.post(url, {"slot": "before", "photo": big})
    assert response.status_code == 200, response.content
    stored = Intervention.objects.get(pk=intervention.pk)
    with Image.open(stored.photo_before) as image:
        assert max(image.size) == services.PHOTO_MAX_SIDE
    junk = io.BytesIO(b"not an image")
    junk.name = "x.jpg"
    assert client.post(url, {"slot": "after", "photo": junk}).status_code == 400
    # The coordinator sees it on its page; the photo is served to those who may see it only.
    client.force_login(coordinator("coordinadora", municipality("05001")))
    page = client.get(reverse("fieldwork:intervention", args=[intervention.uuid]))
    photo_url = reverse("fieldwork:intervention-photo", args=[intervention.uuid, "before"])
    assert photo_url in page.content.decode()
    assert client.get(photo_url)["Content-Type"] == "image/jpeg"
    client.force_login(mediator("otra", "13"))
    assert client.get(photo_url).status_code == 404
    again = io.BytesIO(_jpeg(10, 10))
    again.name = "y.jpg"
    assert client.post(url, {"slot": "after", "photo": again}).status_code == 404
