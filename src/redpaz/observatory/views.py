"""Pages of violence-data imports: upload, batch list and report, rollback, review queue."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from redpaz.accounts.access import capabilities
from redpaz.accounts.roles import DATA_IMPORT
from redpaz.imports.models import ImportBatch
from redpaz.ingest.errors import IngestError
from redpaz.jobs.services import job_submit
from redpaz.observatory import selectors
from redpaz.observatory.forms import PointsForm, PoliciaForm, RollbackForm, TableForm
from redpaz.observatory.services import (
    KIND_POINTS,
    KIND_POLICIA,
    KIND_TABLE,
    batch_rollback,
    review_confirm,
    review_reject,
)
from redpaz.observatory.services.places import waiting_records
from redpaz.observatory.tasks import POINTS_TASK, POLICIA_TASK, TABLE_TASK, upload_root
from redpaz.territory.models import Level, Territory


def _require_importer(request: HttpRequest) -> None:
    if DATA_IMPORT not in capabilities(request.user):
        raise PermissionDenied


def _save_uploads(files: list[UploadedFile]) -> tuple[Path, list[Path]]:
    """Keep uploaded files in a private folder of the data directory until the job ends."""
    folder = upload_root() / uuid.uuid4().hex
    folder.mkdir(parents=True, mode=0o700)
    paths = []
    for number, upload in enumerate(files):
        name = get_valid_filename(Path(upload.name or "upload").name) or "upload"
        target = folder / name
        if target.exists():  # the table and its mapping may share a name
            target = folder / f"{number}-{name}"
        with target.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        paths.append(target)
    return folder, paths


@login_required
@require_GET
def batch_list(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    batches = selectors.batches_visible(request.user).select_related("imported_by")
    kind = request.GET.get("kind", "")
    if kind in (KIND_POLICIA, KIND_POINTS, KIND_TABLE):
        batches = batches.filter(kind=kind)
    pending = selectors.reviews_pending(request.user)
    return render(
        request,
        "observatory/batch_list.html",
        {
            "batches": batches[:200],
            "kind": kind,
            "kinds": [
                (k, ImportBatch(kind=k).get_kind_display())
                for k in (KIND_POLICIA, KIND_POINTS, KIND_TABLE)
            ],
            "can_import_national": selectors.can_import(request.user),
            "can_import_points": selectors.municipalities_for_import(request.user).exists(),
            "pending_reviews": sum(1 for _n in waiting_records(pending).values() if _n[0]),
        },
    )


@login_required
@require_GET
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_importer(request)
    batch = selectors.batch_get(user=request.user, pk=pk)
    report = batch.report or {}
    code = selectors.batch_municipality_code(batch)
    scope_codes = selectors.import_scope(request.user)
    zones = [
        z
        for z in report.get("zones", [])
        if scope_codes.everywhere or z.get("municipality") in scope_codes.municipality_codes
    ]
    by_zone = []
    if report.get("by_zone"):
        names = dict(
            Territory.objects.filter(
                boundary_set__municipality__code=code,
                level=report.get("level") or "comuna",
                code__in=list(report["by_zone"]),
            ).values_list("code", "name")
        )
        by_zone = [
            {"code": c, "name": names.get(c, ""), "victims": n}
            for c, n in sorted(report["by_zone"].items())
        ]
    return render(
        request,
        "observatory/batch_detail.html",
        {
            "batch": batch,
            "report": report,
            "period": report.get("period"),
            "zones": zones,
            "by_zone": by_zone,
            "agreement": report.get("agreement") or {},
            "top": selectors.batch_top_municipalities(batch)
            if batch.status == ImportBatch.Status.DONE and batch.kind != KIND_POINTS
            else [],
            "replaced": ImportBatch.objects.filter(replaced_by=batch).order_by("pk"),
            "can_rollback": batch.status == ImportBatch.Status.DONE
            and selectors.can_import(request.user, code or None),
            "rollback_form": RollbackForm(),
        },
    )


@login_required
@require_POST
def batch_rollback_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_importer(request)
    batch = selectors.batch_get(user=request.user, pk=pk)
    form = RollbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm the rollback."))
        return redirect("observatory:batch", pk=batch.pk)
    try:
        removed = batch_rollback(batch=batch, user=request.user)
    except IngestError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Batch %(id)s rolled back: %(n)s records removed.")
            % {"id": batch.pk, "n": intcomma(removed)},
        )
    return redirect("observatory:batch", pk=batch.pk)


def _upload_page(
    request: HttpRequest, template: str, form: Any, extra: dict[str, Any] | None = None
) -> HttpResponse:
    return render(request, template, {"form": form, **(extra or {})})


@login_required
@require_http_methods(["GET", "POST"])
def upload_policia(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    if not selectors.can_import(request.user):
        raise PermissionDenied
    form = PoliciaForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        folder, paths = _save_uploads(form.cleaned_data["releases"])
        names = ", ".join(p.name for p in paths)
        job = job_submit(
            task=POLICIA_TASK,
            label=_("Import of Policía releases: %(files)s") % {"files": names},
            parameters={
                "paths": [str(p) for p in paths],
                "crime": form.cleaned_data["crime"] or None,
                "upload_dir": str(folder),
            },
            user=request.user,
        )
        return redirect(job.get_absolute_url())
    return _upload_page(request, "observatory/upload_policia.html", form)


@login_required
@require_http_methods(["GET", "POST"])
def upload_points(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    municipalities = selectors.municipalities_for_import(request.user)
    if not municipalities.exists():
        raise PermissionDenied
    form = PointsForm(request.POST or None, request.FILES or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        folder, (path,) = _save_uploads([data["file"]])
        job = job_submit(
            task=POINTS_TASK,
            label=_("Import of point records for %(place)s: %(file)s")
            % {"place": data["municipality"].name, "file": path.name},
            parameters={
                "path": str(path),
                "municipality_code": data["municipality"].code,
                "crime": data["crime"],
                "source": data["source"] or None,
                "start": data["start"].isoformat() if data["start"] else None,
                "end": data["end"].isoformat() if data["end"] else None,
                "extraction_date": data["extraction_date"].isoformat()
                if data["extraction_date"]
                else None,
                "upload_dir": str(folder),
            },
            user=request.user,
        )
        return redirect(job.get_absolute_url())
    return _upload_page(request, "observatory/upload_points.html", form)


@login_required
@require_http_methods(["GET", "POST"])
def upload_table(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    form = TableForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        folder, (path, mapping) = _save_uploads([data["file"], data["mapping"]])
        job = job_submit(
            task=TABLE_TASK,
            label=_("Import of %(file)s with %(mapping)s")
            % {"file": path.name, "mapping": mapping.name},
            parameters={
                "path": str(path),
                "mapping": str(mapping),
                "extraction_date": data["extraction_date"].isoformat()
                if data["extraction_date"]
                else None,
                "upload_dir": str(folder),
            },
            user=request.user,
        )
        return redirect(job.get_absolute_url())
    return _upload_page(request, "observatory/upload_table.html", form)


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    reviews = list(selectors.reviews_pending(request.user))
    waiting = waiting_records(reviews)
    items = [r for r in reviews if waiting[r.pk][0]]
    zones: dict[tuple[int, str], list[tuple[int, str, str]]] = {}
    for review in items:
        key = (review.municipality_id, review.level)
        if key not in zones:
            zones[key] = list(
                Territory.objects.filter(
                    boundary_set__municipality_id=review.municipality_id,
                    boundary_set__valid_to__isnull=True,
                    level=review.level,
                )
                .order_by("name")
                .values_list("pk", "code", "name")
            )
    rows = [
        {
            "review": r,
            "records": waiting[r.pk][0],
            "victims": waiting[r.pk][1],
            "zones": zones[(r.municipality_id, r.level)],
            "level_label": Level(r.level).label if r.level in Level.values else r.level,
        }
        for r in items
    ]
    return render(request, "observatory/review_queue.html", {"rows": rows})


@login_required
@require_POST
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    _require_importer(request)
    review = selectors.review_get(user=request.user, pk=pk)
    decision = request.POST.get("decision")
    try:
        if decision == "reject":
            review_reject(review=review, user=request.user)
            messages.success(
                request,
                _("“%(name)s” will no longer be asked about; its records stay without a zone.")
                % {"name": review.name},
            )
        elif decision == "confirm":
            zone_id = request.POST.get("zone", "")
            zone = Territory.objects.filter(pk=int(zone_id)).first() if zone_id.isdigit() else None
            if zone is None:
                messages.error(request, _("Choose the zone this name stands for."))
                return redirect("observatory:review")
            placed = review_confirm(review=review, zone=zone, user=request.user)
            messages.success(
                request,
                ngettext(
                    "“%(name)s” is now an alternative name of %(zone)s; %(n)s record was placed.",
                    "“%(name)s” is now an alternative name of %(zone)s; %(n)s records were placed.",
                    placed,
                )
                % {"name": review.name, "zone": zone.name, "n": intcomma(placed)},
            )
        else:
            messages.error(request, _("Choose to confirm or to reject the name."))
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect(reverse("observatory:review") + f"#m-{review.municipality_id}")
