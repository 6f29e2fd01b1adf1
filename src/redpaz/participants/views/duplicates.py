"""Review of probable duplicates: side by side, merge or mark as different people."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from redpaz.participants import access, selectors, services
from redpaz.participants.audit import log_identity_read
from redpaz.participants.models import DuplicateCandidate, Person
from redpaz.participants.views.common import require


def reason_labels(pair: DuplicateCandidate) -> list[str]:
    """The matcher's reasons (stored in English) as the reader's words."""
    labels = {
        "same birth date": _("same date of birth"),
        "birth date differs by a typo": _("date of birth differs by a typo"),
        "same zone": _("same zone"),
    }
    return [str(labels.get(reason, reason)) for reason in pair.reasons]


def _visible_pairs(request: HttpRequest) -> QuerySet[DuplicateCandidate]:
    people = Person.objects.filter(access.listable_filter(request.user)).values("pk")
    return DuplicateCandidate.objects.filter(
        first__in=people, second__in=people, status=DuplicateCandidate.Status.PENDING
    ).select_related("first__zone", "second__zone")


@login_required
@require_GET
def duplicate_list(request: HttpRequest) -> HttpResponse:
    require(access.can_merge(request.user))
    page = Paginator(_visible_pairs(request), 50).get_page(request.GET.get("page"))
    rows = [(pair, reason_labels(pair)) for pair in page.object_list]
    return render(request, "participants/duplicates.html", {"page": page, "rows": rows})


@login_required
@require_POST
def duplicate_search(request: HttpRequest) -> HttpResponse:
    require(access.can_merge(request.user))
    found = services.candidates_store(services.detect())
    messages.success(request, _("%(n)s new probable duplicates.") % {"n": found})
    return redirect("participants:duplicates")


@login_required
@require_http_methods(["GET", "POST"])
def duplicate_review(request: HttpRequest, pk: int) -> HttpResponse:
    require(access.can_merge(request.user))
    pair = _visible_pairs(request).filter(pk=pk).first()
    if pair is None:
        raise Http404
    if request.method == "POST":
        try:
            if request.POST.get("action") == "distinct":
                services.candidate_dismiss(candidate=pair, user=request.user)
                messages.success(request, _("Marked as different people."))
            else:
                keep_first = request.POST.get("keep") != "second"
                kept, absorbed = (
                    (pair.first, pair.second) if keep_first else (pair.second, pair.first)
                )
                services.person_merge(
                    kept=kept,
                    absorbed=absorbed,
                    user=request.user,
                    reason=request.POST.get("reason", ""),
                )
                messages.success(
                    request,
                    _("%(old)s merged into %(new)s.") % {"old": absorbed.code, "new": kept.code},
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("participants:duplicates")
    today = timezone.localdate()
    sides = []
    for person in (pair.first, pair.second):
        log_identity_read(person, request.user, "duplicate review")
        enrolments = list(selectors.enrolments_of(user=request.user, person=person))
        sides.append(
            {
                "person": person,
                "identity": person.identity,
                "age": person.age_on(today),
                "enrolments": enrolments,
            }
        )
    return render(
        request,
        "participants/duplicate.html",
        {"pair": pair, "sides": sides, "reasons": reason_labels(pair)},
    )
