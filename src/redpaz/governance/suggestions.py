"""What governance proposes for a committee's agenda: its overdue commitments.

A commitment past its due date comes back on every session of the committee that made it
until it is done, cancelled or given a new date.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from redpaz.governance.models import Commitment
from redpaz.web.agenda import AgendaContext, AgendaSuggestion, register_provider


def overdue_commitments(context: AgendaContext) -> Iterable[AgendaSuggestion]:
    today = timezone.localdate()
    late = Q(status=Commitment.Status.OVERDUE) | Q(
        status__in=[Commitment.Status.OPEN, Commitment.Status.IN_PROGRESS], due_date__lt=today
    )
    qs = Commitment.objects.filter(late)
    if context.committee_id is not None:
        qs = qs.filter(session__committee_id=context.committee_id)
    else:
        where = Q(session__committee__municipality__code__in=context.municipality_codes)
        if context.zone_ids:
            where &= Q(session__committee__zones__in=context.zone_ids)
        qs = qs.filter(where).distinct()
    for commitment in qs.select_related("session", "owner_organisation").order_by("due_date"):
        session = commitment.session
        yield AgendaSuggestion(
            key=f"governance.commitment:{commitment.pk}",
            kind="overdue_commitment",
            title=_("Overdue commitment: %(text)s") % {"text": commitment.description[:200]},
            detail=_(
                "Owner: %(owner)s. Due on %(due)s (%(days)s days late). Made in the session of "
                "%(date)s%(acta)s."
            )
            % {
                "owner": commitment.owner_label,
                "due": date_format(commitment.due_date, "DATE_FORMAT"),
                "days": commitment.days_late(today),
                "date": date_format(session.date, "DATE_FORMAT"),
                "acta": _(", minutes %(n)s") % {"n": session.acta_label}
                if session.acta_label
                else "",
            },
            url=commitment.get_absolute_url(),
            priority=8,
        )


def register() -> None:
    register_provider("governance.overdue_commitments", overdue_commitments)
