"""Commitments across committees: the follow-up list (with downloads) and one commitment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from redpaz.governance import selectors, services
from redpaz.governance.access import can_follow_up
from redpaz.governance.forms import FollowUpForm
from redpaz.governance.models import Commitment
from redpaz.governance.views.common import form_errors, require
from redpaz.web.exports import Column, Table, csv_response, xlsx_response


@login_required
@require_GET
def commitment_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.commitments_visible(request.user)
    status = request.GET.get("status", "pending")
    if status == "pending":
        qs = qs.filter(status__in=Commitment.PENDING)
    elif status in Commitment.Status.values:
        qs = qs.filter(status=status)
    committee = request.GET.get("committee", "")
    if committee.isdigit():
        qs = qs.filter(session__committee_id=int(committee))
    if request.GET.get("mine"):
        qs = qs.filter(owner_user_id=request.user.pk)
    qs = qs.order_by("due_date", "pk")
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        table = _table(list(qs.select_related("session__committee", "owner_organisation")))
        filename = f"compromisos-{timezone.localdate():%Y%m%d}.{export}"
        return csv_response(table, filename) if export == "csv" else xlsx_response(table, filename)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/commitments.html",
        {
            "page": page,
            "status": status,
            "statuses": Commitment.Status.choices,
            "committees": selectors.committees_visible(request.user).order_by("name"),
            "committee": int(committee) if committee.isdigit() else None,
            "mine": bool(request.GET.get("mine")),
            "today": timezone.localdate(),
            "query": request.GET.urlencode(),
        },
    )


def _table(commitments: list[Commitment]) -> Table:
    today = timezone.localdate()
    return Table(
        title=_("Commitments of the committees"),
        subtitle=_("As of %(date)s") % {"date": today.isoformat()},
        columns=[
            Column(_("Committee")),
            Column(_("Session"), kind="date"),
            Column(_("Minutes")),
            Column(_("Commitment"), width=60),
            Column(_("Owner")),
            Column(_("Organisation")),
            Column(_("Due date"), kind="date"),
            Column(_("Status")),
            Column(_("Completed on"), kind="date"),
            Column(_("Days late"), kind="int"),
            Column(_("Evidence"), width=40),
        ],
        rows=[
            [
                c.session.committee.name,
                c.session.date,
                c.session.acta_label,
                c.description,
                c.owner_name,
                " · ".join(str(p) for p in (c.owner_organisation, c.owner_dependency) if p),
                c.due_date,
                c.get_status_display(),
                c.completed_on,
                c.days_late(today),
                " ".join(p for p in (c.evidence, c.evidence_url) if p),
            ]
            for c in commitments
        ],
        source=_("RedPaz: commitments recorded in the committees' minutes."),
        frozen_columns=1,
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    commitment, access = selectors.commitment_get(user=request.user, pk=pk)
    may_update = can_follow_up(request.user, commitment, access)
    form = FollowUpForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "status": commitment.status,
            "due_date": commitment.due_date,
            "completed_on": commitment.completed_on,
            "evidence": commitment.evidence,
            "evidence_url": commitment.evidence_url,
        },
    )
    if request.method == "POST":
        require(may_update)
        if form.is_valid():
            data = form.cleaned_data
            # Only those who run the committee give more time; the owner reports progress.
            due = data["due_date"] if access.manage else None
            try:
                services.commitment_update(
                    commitment=commitment,
                    user=request.user,
                    change=services.Change(
                        status=data["status"],
                        note=data["note"],
                        due_date=due,
                        completed_on=data["completed_on"],
                        evidence=data["evidence"],
                        evidence_url=data["evidence_url"],
                        evidence_file=data["evidence_file"],
                    ),
                )
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("Commitment updated."))
                return redirect(commitment.get_absolute_url())
    if not access.manage:
        form.fields["due_date"].disabled = True
    return render(
        request,
        "governance/commitment.html",
        {
            "commitment": commitment,
            "access": access,
            "form": form if may_update else None,
            "updates": [
                (update, [(_labels().get(k, k), *v) for k, v in update.changes.items()])
                for update in commitment.updates.select_related("user")
            ],
            "today": timezone.localdate(),
        },
    )


def _labels() -> dict[str, str]:
    return {
        "due_date": _("Due date"),
        "completed_on": _("Completed on"),
        "evidence_file": _("Evidence (file)"),
    }


@login_required
@require_GET
def commitment_evidence(request: HttpRequest, pk: int) -> FileResponse:
    commitment, _access = selectors.commitment_get(user=request.user, pk=pk)
    if not commitment.evidence_file:
        raise Http404("No evidence file")
    return FileResponse(
        commitment.evidence_file.open("rb"), as_attachment=True, filename=commitment.evidence_name
    )
