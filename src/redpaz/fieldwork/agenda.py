"""What field work proposes for a committee's agenda: mediations with a high or imminent risk of
escalation in the committee's territory during the period the agenda looks back on."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from redpaz.fieldwork.models import Mediation
from redpaz.web.agenda import AgendaContext, AgendaSuggestion, register_provider


def high_risk_mediations(context: AgendaContext) -> Iterable[AgendaSuggestion]:
    qs = Mediation.objects.filter(risk__in=Mediation.HIGH_RISKS)
    if context.zone_ids:
        # A territorial committee of a comuna or cluster: its zones and the zones inside them.
        qs = qs.filter(Q(zone_id__in=context.zone_ids) | Q(zone__parent_id__in=context.zone_ids))
    else:
        qs = qs.filter(zone__municipality_code__in=context.municipality_codes)
    tz = timezone.get_current_timezone()
    if context.start is not None:
        qs = qs.filter(occurred_at__gte=datetime.combine(context.start, time.min, tzinfo=tz))
    if context.end is not None:
        qs = qs.filter(occurred_at__lte=datetime.combine(context.end, time.max, tzinfo=tz))
    for mediation in qs.select_related("zone").order_by("-occurred_at")[:50]:
        imminent = mediation.risk == Mediation.Risk.IMMINENT
        yield AgendaSuggestion(
            key=f"fieldwork.alert:{mediation.uuid}",
            kind="field_alert",
            title=(
                _("Imminent risk of escalation in %(zone)s: %(type)s")
                if imminent
                else _("High risk of escalation in %(zone)s: %(type)s")
            )
            % {"type": mediation.get_conflict_type_display(), "zone": mediation.zone.name},
            detail=_("Recorded on %(date)s. Outcome: %(outcome)s.")
            % {
                "date": date_format(timezone.localtime(mediation.occurred_at), "DATE_FORMAT"),
                "outcome": mediation.get_outcome_display(),
            },
            url=mediation.get_absolute_url(),
            priority=10 if imminent else 9,
        )


def register() -> None:
    register_provider("fieldwork.high_risk_mediations", high_risk_mediations)
