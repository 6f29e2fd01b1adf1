"""Authorisations and data-subject requests (Ley 1581 de 2012) of one person."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from redpaz.participants import selectors, services
from redpaz.participants.audit import log_identity_read
from redpaz.participants.forms import AnswerForm, ConsentForm, RequestForm, WithdrawForm
from redpaz.participants.models import DataRequest
from redpaz.participants.views.common import form_errors, require


@login_required
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, code: str) -> HttpResponse:
    person, granted = selectors.person_get(user=request.user, code=code)
    require(granted.manage or granted.requests)
    action = request.POST.get("action", "")
    add = ConsentForm(request.POST if action == "add" else None)
    withdraw = WithdrawForm(
        request.POST if action == "withdraw" else None, initial={"on": timezone.localdate()}
    )
    if request.method == "POST":
        form = add if action == "add" else withdraw
        if form.is_valid():
            data = form.cleaned_data
            try:
                if form is add:
                    services.consent_record(
                        person=person,
                        user=request.user,
                        purpose=data["purpose"],
                        given_on=data["given_on"],
                        legal_basis=data["legal_basis"],
                        form=data["form"],
                        given_by=data["given_by"],
                        expires_on=data["expires_on"],
                        guardian_name=data["guardian_name"].strip(),
                    )
                else:
                    services.consent_withdraw(
                        person=person, on=data["on"], note=data["note"], user=request.user
                    )
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("Changes saved."))
                if form is withdraw and not granted.requests:
                    # The person leaves the lists of those who are not answering requests.
                    return redirect("participants:home")
                return redirect(person)
    return render(
        request,
        "participants/consent.html",
        {
            "person": person,
            "access": granted,
            "consents": person.consents.select_related("recorded_by"),
            "add": add,
            "withdraw": withdraw,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def requests(request: HttpRequest, code: str) -> HttpResponse:
    person, granted = selectors.person_get(user=request.user, code=code)
    require(granted.requests)
    form = RequestForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        services.request_record(person=person, user=request.user, **form.cleaned_data)
        messages.success(request, _("Request recorded."))
        return redirect("participants:requests", code=person.code)
    return render(
        request,
        "participants/requests.html",
        {
            "person": person,
            "form": form,
            "requests": person.requests.select_related("fulfilled_by"),
            "answer": AnswerForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_answer(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    person, granted = selectors.person_get(user=request.user, code=code)
    require(granted.requests)
    data_request = person.requests.filter(pk=pk).first()
    if data_request is None:
        raise Http404
    form = AnswerForm(request.POST or None)
    identity = None
    if data_request.kind == DataRequest.Kind.ACCESS and person.erased_at is None:
        # What the person is entitled to see about themselves, logged as a read.
        identity = services.identity_summary(person) if request.method == "GET" else None
        if identity is not None:
            log_identity_read(person, request.user, "access request")
    if request.method == "POST" and form.is_valid():
        try:
            services.request_answer(
                request=data_request,
                answer=form.cleaned_data["answer"],
                reject=form.cleaned_data["reject"],
                user=request.user,
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Answer recorded."))
            return redirect("participants:requests", code=person.code)
    return render(
        request,
        "participants/request_answer.html",
        {"person": person, "data_request": data_request, "form": form, "identity": identity},
    )
