"""The participant list, registration, a person's page, corrections and exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from redpaz.accounts.access import capabilities
from redpaz.accounts.roles import PARTICIPANTS_MANAGE, PARTICIPANTS_MERGE
from redpaz.participants import access, selectors, services
from redpaz.participants.audit import log_identity_read
from redpaz.participants.forms import AdvanceForm, EnrolForm, ExitForm, NewPersonForm, PersonForm
from redpaz.participants.models import Enrolment, Person
from redpaz.participants.views.common import (
    form_errors,
    manageable_programmes,
    require,
    zones_for,
)
from redpaz.web import exports


def _can_list(user: Any) -> bool:
    return bool(set(access.VIEW_CAPABILITIES) & capabilities(user))


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not _can_list(request.user):
        require(access.sees_aggregates(request.user))
        return redirect("participants:counts")
    programmes = selectors.programmes_for(user=request.user)
    programme = None
    if request.GET.get("programme", "").isdigit():
        programme = programmes.filter(pk=int(request.GET["programme"])).first()
    zone_id = int(request.GET["zone"]) if request.GET.get("zone", "").isdigit() else None
    people = selectors.people_list(
        user=request.user, programme=programme, zone_id=zone_id, search=request.GET.get("q", "")
    )
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "participants/home.html",
        {
            "page": page,
            "rows": [(p, p.age_on(today)) for p in page.object_list],
            "programmes": programmes,
            "programme": programme,
            "zones": zones_for(request.user),
            "zone_id": zone_id,
            "q": request.GET.get("q", ""),
            "can_register": PARTICIPANTS_MANAGE in capabilities(request.user),
            "can_merge": PARTICIPANTS_MERGE in capabilities(request.user),
            "query": request.GET.urlencode(),
        },
    )


def people_table(user: Any, people: Any) -> exports.Table:
    """Participants for a download: pseudonymous codes and attributes, never a name."""
    today = timezone.localdate()
    rows = []
    for person in people:
        for enrolment in person.visible_enrolments or [None]:
            rows.append(
                [
                    person.code,
                    person.age_on(today),
                    person.get_sex_display(),
                    person.get_ethnicity_display(),
                    person.zone.name if person.zone else "",
                    enrolment.programme.code if enrolment else "",
                    enrolment.enrolled_on if enrolment else None,
                    enrolment.stage.name if enrolment and enrolment.stage else "",
                    enrolment.exited_on if enrolment else None,
                ]
            )
    return exports.Table(
        title=_("Participants"),
        columns=[
            exports.Column(_("Code")),
            exports.Column(_("Age"), kind="int"),
            exports.Column(_("Sex")),
            exports.Column(_("Ethnicity")),
            exports.Column(_("Zone")),
            exports.Column(_("Programme")),
            exports.Column(_("Enrolled on"), kind="date"),
            exports.Column(_("Stage")),
            exports.Column(_("Exited on"), kind="date"),
        ],
        rows=rows,
        source=_("RedPaz · pseudonymous codes only: names and documents are never exported."),
    )


@login_required
@require_GET
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    require(_can_list(request.user))
    programme = None
    if request.GET.get("programme", "").isdigit():
        programme = (
            selectors.programmes_for(user=request.user)
            .filter(pk=int(request.GET["programme"]))
            .first()
        )
    people = selectors.people_list(user=request.user, programme=programme)
    table = people_table(request.user, people)
    if fmt == "xlsx":
        return exports.xlsx_response(table, "participantes.xlsx")
    return exports.csv_response(table, "participantes.csv")


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    require(PARTICIPANTS_MANAGE in capabilities(request.user))
    programmes = manageable_programmes(request.user)
    form = NewPersonForm(request.POST or None, zones=zones_for(request.user), programmes=programmes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.person_register(
                identity=form.identity(guardian_name=data["guardian_name"].strip()),
                user=request.user,
                consent={
                    "purpose": data["purpose"],
                    "given_on": data["given_on"],
                    "legal_basis": data["legal_basis"],
                    "form": data["form"],
                    "given_by": data["given_by"],
                    "expires_on": data["expires_on"],
                },
                **form.attributes(),
            )
            if data["programme"] is not None:
                services.enrolment_create(
                    person=person,
                    programme=data["programme"],
                    enrolled_on=data["given_on"],
                    user=request.user,
                )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Registered as %(code)s.") % {"code": person.code})
            return redirect(person)
    return render(
        request, "participants/person_form.html", {"form": form, "title": _("Register a person")}
    )


@login_required
@require_GET
def person_detail(request: HttpRequest, code: str) -> HttpResponse:
    kept = selectors.merged_into(code)
    if kept is not None and access.person_access(request.user, kept).view:
        # An old code (from a list printed before a merge) leads to the record kept.
        messages.info(request, _("%(old)s was merged into %(new)s.") % {
            "old": code, "new": kept.code,
        })  # fmt: skip
        return redirect(kept)
    person, granted = selectors.person_get(user=request.user, code=code)
    enrolments = list(selectors.enrolments_of(user=request.user, person=person))
    hours = selectors.hours_of(enrolments)
    show_identity = request.GET.get("identity") == "1" and person.erased_at is None
    if show_identity:
        log_identity_read(person, request.user, "page")
    return render(
        request,
        "participants/person.html",
        {
            "person": person,
            "access": granted,
            "age": person.age_on(timezone.localdate()),
            "identity": person.identity if show_identity else None,
            "enrolments": [(e, hours.get(e.pk, 0)) for e in enrolments],
            "total_hours": sum(hours.values()),
            "consents": person.consents.all(),
            "requests": person.requests.all() if granted.requests else [],
            "merges": person.merges_kept.select_related("absorbed"),
            "enrol_form": EnrolForm(programmes=manageable_programmes(request.user))
            if granted.manage
            else None,
            "exit_form": ExitForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, code: str) -> HttpResponse:
    person, granted = selectors.person_get(user=request.user, code=code)
    require(granted.manage)
    form = PersonForm(
        request.POST or None, zones=zones_for(request.user), initial=PersonForm.initial_for(person)
    )
    log_identity_read(person, request.user, "edit form")
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                person=person,
                user=request.user,
                identity=form.identity(guardian_name=person.identity.guardian_name),
                **form.attributes(),
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(person)
    return render(
        request,
        "participants/person_form.html",
        {"form": form, "title": _("Correct %(code)s") % {"code": person.code}, "person": person},
    )


@login_required
@require_http_methods(["POST"])
def enrol(request: HttpRequest, code: str) -> HttpResponse:
    person, granted = selectors.person_get(user=request.user, code=code)
    require(granted.manage)
    form = EnrolForm(request.POST, programmes=manageable_programmes(request.user))
    if form.is_valid():
        try:
            enrolment = services.enrolment_create(
                person=person,
                programme=form.cleaned_data["programme"],
                enrolled_on=form.cleaned_data["enrolled_on"],
                user=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Enrolled in %(p)s.") % {"p": enrolment.programme})
            if enrolment.flags:
                messages.warning(request, _("Outside the programme's entry criteria."))
    else:
        messages.error(request, _("Choose a programme and a date."))
    return redirect(person)


def _enrolment(request: HttpRequest, pk: int) -> Enrolment:
    from django.http import Http404

    enrolment = (
        Enrolment.objects.filter(access.enrolment_filter(request.user), pk=pk)
        .select_related("person", "programme")
        .first()
    )
    if enrolment is None:
        raise Http404
    granted = access.person_access(request.user, enrolment.person)
    require(granted.manage and access.can_manage_programme(request.user, enrolment.programme))
    return enrolment


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_update(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    stages = enrolment.programme.route_stages.all()
    advance = AdvanceForm(
        request.POST if request.POST.get("action") == "advance" else None, stages=stages
    )
    leave = ExitForm(request.POST if request.POST.get("action") == "exit" else None)
    form = advance if request.POST.get("action") == "advance" else leave
    if request.method == "POST" and form.is_valid():
        try:
            if form is advance:
                services.enrolment_advance(
                    enrolment=enrolment,
                    stage=form.cleaned_data["stage"],
                    on=form.cleaned_data["on"],
                    user=request.user,
                )
            else:
                services.enrolment_exit(
                    enrolment=enrolment,
                    on=form.cleaned_data["exited_on"],
                    reason=form.cleaned_data["exit_reason"],
                    user=request.user,
                )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(enrolment.person)
    return render(
        request,
        "participants/enrolment.html",
        {"enrolment": enrolment, "advance": advance, "leave": leave},
    )


def person_by_pk(pk: int) -> Person:
    return Person.objects.get(pk=pk)
