"""What every strategy page shares: loading a strategy with the user's access, and who can be
named responsible."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django.forms import BaseForm

from redpaz.accounts.models import User
from redpaz.strategy import selectors
from redpaz.strategy.access import StrategyAccess
from redpaz.strategy.models import Strategy


def load(request: Any, pk: int) -> tuple[Strategy, StrategyAccess]:
    return selectors.strategy_get(user=request.user, pk=pk)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def people_for(strategy: Strategy) -> QuerySet[User]:
    """People who may be named responsible: members of the owning organisation and of the
    organisations responsible for its programmes."""
    organisations = {strategy.organisation_id} | set(
        strategy.components.values_list("programmes__responsible_organisation", flat=True).exclude(
            programmes__responsible_organisation__isnull=True
        )
    )
    return (
        User.objects.filter(
            Q(memberships__organisation_id__in=organisations, memberships__is_active=True),
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def form_errors(form: BaseForm, exc: DjangoValidationError) -> None:
    """Put a service's ValidationError on the form (on fields it has, else on the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def safe_next(request: Any, default: str) -> str:
    """The ``next`` address of a form if it points into this site, else ``default``."""
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return str(target)
    return default
