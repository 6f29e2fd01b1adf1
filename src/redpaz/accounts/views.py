from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from redpaz.accounts import selectors, services
from redpaz.accounts.access import capabilities, user_scope
from redpaz.accounts.forms import MemberAddForm, MembershipTerritoriesForm
from redpaz.accounts.roles import ACCOUNTS_MANAGE


@login_required
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    """What the signed-in person can do, where, and on whose behalf."""
    memberships = (
        request.user.memberships.filter(is_active=True)  # type: ignore[union-attr]
        .select_related("organisation")
        .prefetch_related("territories")
    )
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": memberships,
            "scope": user_scope(request.user),
            "capabilities": sorted(capabilities(request.user)),
        },
    )


@login_required
@require_GET
def organisations(request: HttpRequest) -> HttpResponse:
    """The organisations whose members the signed-in person administers."""
    managed = selectors.organisations_managed(request.user)
    return render(request, "accounts/organisations.html", {"organisations": managed})


@login_required
@require_http_methods(["GET", "POST"])
def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    """An organisation's members, and the form to add one."""
    org = selectors.organisation_get_managed(user=request.user, pk=pk)
    grantable = selectors.grantable_territories(user=request.user, organisation=org)
    may_grant_all = user_scope(request.user, ACCOUNTS_MANAGE).everywhere
    form = MemberAddForm(request.POST or None)
    form.setup_territories(grantable, may_grant_all)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = services.member_add(
                manager=request.user,
                organisation=org,
                username=data["username"],
                role=data["role"],
                territories=data["territories"],
                all_territories=data.get("all_territories", False),
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            if added.temporary_password:
                messages.success(
                    request,
                    _(
                        "Account %(username)s created. Give this temporary password to its "
                        "owner, who should change it at first login: %(password)s"
                    )
                    % {
                        "username": added.membership.user.username,
                        "password": added.temporary_password,
                    },
                )
            else:
                messages.success(request, _("Role granted."))
            return redirect("accounts:organisation", pk=org.pk)
    return render(
        request,
        "accounts/organisation.html",
        {"organisation": org, "memberships": selectors.memberships_of(org), "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get_managed(user=request.user, pk=pk)
    org = membership.organisation
    grantable = selectors.grantable_territories(user=request.user, organisation=org)
    initial = {
        "territories": list(membership.territories.values_list("pk", flat=True)),
        "all_territories": membership.all_territories,
    }
    form = MembershipTerritoriesForm(request.POST or None, initial=initial)
    form.setup_territories(grantable, user_scope(request.user, ACCOUNTS_MANAGE).everywhere)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(
                manager=request.user,
                membership=membership,
                territories=form.cleaned_data["territories"],
                all_territories=form.cleaned_data.get("all_territories", False),
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Territories saved."))
            return redirect("accounts:organisation", pk=org.pk)
    return render(
        request, "accounts/membership_edit.html", {"membership": membership, "form": form}
    )


@login_required
@require_POST
def membership_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get_managed(user=request.user, pk=pk)
    try:
        services.membership_revoke(membership=membership, manager=request.user)
        messages.success(request, _("Role removed."))
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect(reverse("accounts:organisation", args=[membership.organisation_id]))
