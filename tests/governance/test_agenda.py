"""Suggested agenda items: what governance and the strategy propose for a committee's session."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from redpaz.governance import services
from redpaz.strategy.services import result_report
from redpaz.web import agenda
from tests.governance.helpers import committee, held_session, principals
from tests.strategy.helpers import pazos, reported

pytestmark = pytest.mark.django_db


def test_a_committee_serving_a_strategy_gets_its_off_track_indicators() -> None:
    strategy = pazos()
    mediations = reported(strategy, code="OUT-1", targets={"2021": Decimal(40)})
    result_report(
        indicator=mediations,
        period="2021",
        value=Decimal(10),
        user=None,
        evidence_url="https://example.org/informe",
    )
    body = committee(strategy=strategy)
    session = services.session_create(
        committee=body, day=timezone.localdate() + timedelta(days=7), kind="ordinary"
    )
    added = services.agenda_refresh(session=session)
    item = next(i for i in added if i.kind == "off_track_indicator")
    assert item.title == "Indicador que va mal: OUT-1 Mediaciones realizadas"
    assert item.detail == "2021: logro de 10 frente a una meta de 40."
    assert item.url == mediations.get_absolute_url()
    # Added once: asking again adds nothing; the standard items keep their place around it.
    assert services.agenda_refresh(session=session) == []
    titles = list(session.agenda.values_list("title", flat=True))
    assert titles[0] == "Verificación del quórum" and titles[-1] == "Proposiciones y varios"


def test_overdue_commitments_go_back_to_the_committee_that_made_them_only() -> None:
    today = timezone.localdate()
    first = committee(name="Comité estratégico")
    other = committee(name="Comité directivo")
    session = held_session(first, today - timedelta(days=30))
    late = services.commitment_create(
        session=session,
        description="Consolidar la oferta por comuna",
        due_date=today - timedelta(days=1),
        owner_member=principals(first)[1],
    )
    codes = frozenset({"05001"})
    mine = agenda.suggestions(agenda.AgendaContext(codes, committee_id=first.pk))
    assert [s.key for s in mine] == [f"governance.commitment:{late.pk}"]
    assert not agenda.suggestions(agenda.AgendaContext(codes, committee_id=other.pk))
    # Asked for a territory only, every committee's overdue commitments there.
    assert agenda.suggestions(agenda.AgendaContext(codes))[0].kind == "overdue_commitment"
    # Done: it no longer comes back.
    services.commitment_update(
        commitment=late,
        change=services.Change(status="done", evidence="Matriz entregada"),
    )
    assert not agenda.suggestions(agenda.AgendaContext(codes, committee_id=first.pk))
    # A held session's agenda is what was discussed: it takes no suggestions.
    assert services.agenda_refresh(session=session) == []
