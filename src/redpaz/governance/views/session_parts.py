"""Parts of a session page: agenda items, decisions, commitments and attached files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from redpaz.governance import services
from redpaz.governance.forms import AgendaItemForm, AttachmentForm, CommitmentForm, DecisionForm
from redpaz.governance.models import AgendaItem, Attachment, Decision, Session
from redpaz.governance.views.common import form_errors, load_session, people_for, require


def _back(session: Session, anchor: str) -> HttpResponse:
    return redirect(f"{session.get_absolute_url()}#{anchor}")


def _refuse(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@login_required
@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    session, access = load_session(request, pk)
    require(access.manage)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.agenda_item_add(
                session=session,
                title=data["title"],
                detail=data["detail"],
                presenter=data["presenter"],
                order=data["order"],
            )
        except ValidationError as exc:
            _refuse(request, exc)
    else:
        messages.error(request, _("Write the item's title."))
    return _back(session, "agenda")


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    session, access = load_session(request, pk)
    require(access.manage)
    item = get_object_or_404(AgendaItem, session=session, pk=item_pk)
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.agenda_item_update(
                item=item,
                title=data["title"],
                detail=data["detail"],
                presenter=data["presenter"],
                order=data["order"] if data["order"] is not None else item.order,
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            return _back(session, "agenda")
    return render(
        request,
        "governance/form.html",
        {
            "form": form,
            "committee": session.committee,
            "session": session,
            "title": _("Agenda item"),
            "back": session.get_absolute_url(),
        },
    )


@login_required
@require_POST
def agenda_item_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    session, access = load_session(request, pk)
    require(access.manage)
    item = get_object_or_404(AgendaItem, session=session, pk=item_pk)
    try:
        if request.POST.get("restore"):
            services.agenda_item_restore(item=item)
        else:
            services.agenda_item_remove(item=item)
    except ValidationError as exc:
        _refuse(request, exc)
    return _back(session, "agenda")


@login_required
@require_POST
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    session, access = load_session(request, pk)
    require(access.manage)
    form = DecisionForm(request.POST, session=session)
    if form.is_valid():
        try:
            services.decision_add(
                session=session,
                text=form.cleaned_data["text"],
                agenda_item=form.cleaned_data["agenda_item"],
            )
        except ValidationError as exc:
            _refuse(request, exc)
    else:
        messages.error(request, _("Write the decision."))
    return _back(session, "decisions")


@login_required
@require_POST
def decision_delete(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    session, access = load_session(request, pk)
    require(access.manage)
    services.decision_delete(decision=get_object_or_404(Decision, session=session, pk=decision_pk))
    return _back(session, "decisions")


@login_required
@require_http_methods(["GET", "POST"])
def commitment_create(request: HttpRequest, pk: int) -> HttpResponse:
    session, access = load_session(request, pk)
    require(access.manage and session.status != Session.Status.CANCELLED)
    form = CommitmentForm(
        request.POST or None,
        session=session,
        people=people_for(session.committee),
        initial={"agenda_item": request.GET.get("item")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.commitment_create(
                session=session,
                user=request.user,
                description=data["description"],
                due_date=data["due_date"],
                agenda_item=data["agenda_item"],
                owner_member=data["owner_member"],
                owner_user=data["owner_user"],
                owner_name=data["owner_name"],
                owner_organisation=data["owner_organisation"],
                owner_dependency=data["owner_dependency"],
                component=data.get("component"),
                programme=data.get("programme"),
                indicator=data.get("indicator"),
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Commitment recorded."))
            if request.POST.get("another"):
                return redirect(request.path)
            return _back(session, "commitments")
    return render(
        request,
        "governance/commitment_form.html",
        {"form": form, "session": session, "committee": session.committee},
    )


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    session, access = load_session(request, pk)
    require(access.manage)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                session=session,
                file=form.cleaned_data["file"],
                user=request.user,
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            _refuse(request, exc)
        else:
            messages.success(request, _("File attached."))
    else:
        messages.error(request, _("Choose a file."))
    return _back(session, "attachments")


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    session, _access = load_session(request, pk)
    attachment = get_object_or_404(Attachment, session=session, pk=attachment_pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    session, access = load_session(request, pk)
    require(access.manage)
    services.attachment_delete(
        attachment=get_object_or_404(Attachment, session=session, pk=attachment_pk)
    )
    return _back(session, "attachments")
