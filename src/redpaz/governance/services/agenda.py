"""The order of the day: standard items, items suggested by RedPaz, items added by people.

Every session opens with the quorum check, the approval of the order of the day and the
follow-up of earlier commitments, and closes with other business. Suggestions come from
``redpaz.web.agenda``: governance proposes the committee's overdue commitments, the strategy
its off-track indicators, field work its alerts, the observatory its situation report. A
suggestion is added once per session (by its key); one taken off the agenda stays off.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from redpaz.governance.models import AgendaItem, Session
from redpaz.governance.services.common import save, stored_language
from redpaz.web import agenda

CLOSING_ORDER = 900
FIRST_SUGGESTION_ORDER = 100
# Without an earlier session, suggestions look back this far.
DEFAULT_LOOKBACK = timedelta(days=90)


def standard_agenda(*sessions: Session) -> None:
    """The opening and closing items of every session (in the installation's language)."""
    items = [
        (10, _("Quorum check")),
        (20, _("Reading and approval of the order of the day")),
        (30, _("Follow-up of earlier commitments")),
        (CLOSING_ORDER, _("Other business")),
    ]
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(session=session, order=order, title=title, kind=AgendaItem.Kind.STANDARD)
            for session in sessions
            for order, title in items
        ]
    )


def agenda_context(session: Session) -> agenda.AgendaContext:
    """What the session's committee covers and the period since its previous session."""
    from redpaz.governance.selectors import previous_session

    committee = session.committee
    previous = previous_session(session)
    return agenda.AgendaContext(
        municipality_codes=frozenset({committee.municipality.code}),
        zone_ids=frozenset(committee.zones.values_list("pk", flat=True)),
        strategy_id=committee.strategy_id,
        start=previous.date if previous else session.date - DEFAULT_LOOKBACK,
        end=session.date,
        committee_id=committee.pk,
    )


def _kind(suggestion_kind: str) -> str:
    return suggestion_kind if suggestion_kind in AgendaItem.Kind.values else "suggested"


@stored_language
@transaction.atomic
def agenda_refresh(*, session: Session) -> list[AgendaItem]:
    """Add the suggestions for this session that are not on its agenda yet; return them.
    Only planned sessions take suggestions: a held session's agenda is what was discussed."""
    if session.status != Session.Status.PLANNED:
        return []
    suggestions = agenda.suggestions(agenda_context(session))
    known = set(session.agenda.exclude(source_key="").values_list("source_key", flat=True))
    last = (
        session.agenda.filter(order__lt=CLOSING_ORDER).aggregate(n=Max("order"))["n"]
        or FIRST_SUGGESTION_ORDER
    )
    order = max(last, FIRST_SUGGESTION_ORDER - 10)
    added = []
    for suggestion in suggestions:
        if suggestion.key in known:
            continue
        order = min(order + 10, CLOSING_ORDER - 1)
        added.append(
            AgendaItem.objects.create(
                session=session,
                order=order,
                title=suggestion.title[:300],
                detail=suggestion.detail,
                kind=_kind(suggestion.kind),
                source_key=suggestion.key[:120],
                url=suggestion.url[:500],
            )
        )
    return added


def _next_order(session: Session) -> int:
    last = session.agenda.filter(order__lt=CLOSING_ORDER).aggregate(n=Max("order"))["n"] or 0
    return min(last + 10, CLOSING_ORDER - 1)


def agenda_item_add(
    *, session: Session, title: str, detail: str = "", presenter: str = "", order: int | None = None
) -> AgendaItem:
    if session.status == Session.Status.CANCELLED:
        raise ValidationError(_("The session was cancelled."))
    item = AgendaItem(
        session=session,
        title=title.strip(),
        detail=detail,
        presenter=presenter,
        kind=AgendaItem.Kind.MANUAL,
        order=order if order is not None else _next_order(session),
    )
    save(item)
    return item


ITEM_FIELDS = ("title", "detail", "presenter", "notes", "order")


def agenda_item_update(*, item: AgendaItem, **fields: Any) -> AgendaItem:
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"not agenda item fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(item, name, value)
    save(item)
    return item


def agenda_item_remove(*, item: AgendaItem) -> None:
    """Take an item off the agenda: a suggested one is kept as dismissed (not suggested again),
    one with decisions or commitments cannot be removed, any other is deleted."""
    if item.decisions.exists() or item.commitments.exists():
        raise ValidationError(_("Decisions or commitments came from this item: it stays."))
    if item.suggested:
        item.dismissed = True
        item.save(update_fields=["dismissed"])
    else:
        item.delete()


def agenda_item_restore(*, item: AgendaItem) -> AgendaItem:
    item.dismissed = False
    item.save(update_fields=["dismissed"])
    return item
