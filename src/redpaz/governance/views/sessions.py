"""A session: its page, date and place, attendance, minutes, the acta PDF, held or cancelled."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from redpaz.governance import selectors, services
from redpaz.governance.access import CommitteeAccess
from redpaz.governance.forms import (
    AgendaItemForm,
    AttachmentForm,
    AttendanceForm,
    CancelForm,
    DecisionForm,
    MinutesForm,
    SessionForm,
)
from redpaz.governance.models import Attendance, Session
from redpaz.governance.views.common import form_errors, load_session, require
from redpaz.web.exports import pdf_response


def session_context(session: Session, access: CommitteeAccess) -> dict[str, Any]:
    """What the session page and its minutes (acta) show."""
    session = selectors.session_detail(session)
    attendance = list(session.attendance.all())
    agenda = [item for item in session.agenda.all() if not item.dismissed]
    members_present = [a for a in attendance if a.member_id and a.status == "present"]
    return {
        "session": session,
        "committee": session.committee,
        "access": access,
        "agenda": agenda,
        "dismissed": [item for item in session.agenda.all() if item.dismissed],
        "present": members_present,
        "excused": [a for a in attendance if a.member_id and a.status == "excused"],
        "absent": [a for a in attendance if a.member_id and a.status == "absent"],
        "guests": [a for a in attendance if a.is_guest],
        "quorum": selectors.quorum_of(session),
        "decisions": list(session.decisions.all()),
        "commitments": list(session.commitments.all()),
        "attachments": list(session.attachments.all()),
        "today": timezone.localdate(),
    }


@login_required
@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session, access = load_session(request, pk)
    context = session_context(session, access)
    if access.manage and session.status != Session.Status.CANCELLED:
        context.update(
            agenda_form=AgendaItemForm(),
            decision_form=DecisionForm(session=session),
            attachment_form=AttachmentForm(),
            cancel_form=CancelForm(),
        )
    context["previous"] = selectors.previous_session(session)
    return render(request, "governance/session.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session, access = load_session(request, pk)
    require(access.manage)
    local_start = timezone.localtime(session.starts_at)
    form = SessionForm(
        request.POST or None,
        members=session.committee.members.all(),
        initial={
            "day": local_start.date(),
            "start_time": local_start.time(),
            "end_time": timezone.localtime(session.ends_at).time(),
            "place": session.place,
            "presided_by": session.presided_by,
            "secretary": session.secretary,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.session_update(
                session=session,
                day=data["day"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                place=data["place"],
                presided_by=data["presided_by"],
                secretary=data["secretary"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Session saved."))
            return redirect(session.get_absolute_url())
    return render(
        request,
        "governance/form.html",
        {
            "form": form,
            "committee": session.committee,
            "session": session,
            "title": _("Date, time and place"),
            "back": session.get_absolute_url(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The development of the session: notes per agenda item and the general minutes."""
    session, access = load_session(request, pk)
    require(access.manage and session.status != Session.Status.CANCELLED)
    items = list(session.agenda.filter(dismissed=False))
    form = MinutesForm(request.POST or None, items=items, initial={"minutes": session.minutes})
    if request.method == "POST" and form.is_valid():
        for item in items:
            notes = form.cleaned_data[f"item_{item.pk}"]
            if notes != item.notes:
                services.agenda_item_update(item=item, notes=notes)
        services.session_update(session=session, minutes=form.cleaned_data["minutes"])
        messages.success(request, _("Minutes saved."))
        return redirect(session.get_absolute_url() + "#minutes")
    return render(
        request, "governance/minutes.html", {"form": form, "session": session, "access": access}
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session, access = load_session(request, pk)
    require(access.manage and session.status != Session.Status.CANCELLED)
    rows = selectors.attendance_rows(session)
    guests = list(session.attendance.filter(member__isnull=True))
    form = AttendanceForm(request.POST or None, rows=rows, guests=guests)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        marks = {
            row.member.pk: data[f"member_{row.member.pk}"]
            for row in rows
            if data[f"member_{row.member.pk}"]
        }
        new_guests = [
            services.Guest(
                data[f"guest_{i}_name"],
                data[f"guest_{i}_organisation"],
                data[f"guest_{i}_position"],
            )
            for i in range(form.guest_count)
        ]
        try:
            services.attendance_record(session=session, marks=marks, guests=new_guests)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            check = selectors.quorum_of(session)
            if check.reached:
                messages.success(request, _("Attendance saved: there is quorum."))
            else:
                messages.warning(
                    request,
                    _("Attendance saved: no quorum (%(present)s of %(required)s needed).")
                    % {"present": check.present, "required": check.required},
                )
            return redirect(session.get_absolute_url() + "#attendance")
    return render(
        request,
        "governance/attendance.html",
        {
            "form": form,
            "session": session,
            "access": access,
            "quorum": selectors.quorum_of(session),
            "statuses": Attendance.Status,
        },
    )


@login_required
@require_POST
def session_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    session, access = load_session(request, pk)
    require(access.manage)
    try:
        if action == "held":
            services.session_record_held(session=session)
            messages.success(
                request,
                _("Session recorded as held: minutes %(number)s.") % {"number": session.acta_label},
            )
        elif action == "cancel":
            form = CancelForm(request.POST)
            reason = form.data.get("cancel_reason", "")
            services.session_cancel(session=session, reason=str(reason))
            messages.success(request, _("Session cancelled."))
        elif action == "reopen":
            services.session_reopen(session=session)
            messages.success(request, _("The session is planned again."))
        elif action == "suggest":
            added = services.agenda_refresh(session=session)
            messages.success(
                request,
                _("%(count)s suggested items added to the agenda.") % {"count": len(added)},
            )
        else:
            raise Http404("No such action")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(session.get_absolute_url())


@login_required
@require_GET
def session_acta(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes as a PDF in the usual Colombian acta layout."""
    session, access = load_session(request, pk)
    if session.status == Session.Status.CANCELLED:
        raise Http404("A cancelled session has no minutes")
    context = session_context(session, access)
    number = session.acta_label or _("draft")
    filename = f"acta-{number}-{slugify(session.committee.name)[:50]}.pdf"
    return pdf_response(
        "governance/acta_pdf.html",
        {**context, "title": _("Minutes %(number)s") % {"number": number}},
        filename,
        request=request,
    )
