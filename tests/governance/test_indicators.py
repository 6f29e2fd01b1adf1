"""Committee figures as indicators of the results framework, shown in the strategy's IPTT."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from redpaz.governance import services
from redpaz.strategy import computations
from redpaz.strategy.models import Indicator
from redpaz.strategy.selectors.iptt import iptt_build
from redpaz.strategy.services import indicator_compute
from tests.factories import comuna
from tests.governance.helpers import committee, held_session, principals
from tests.strategy.helpers import pazos, reported

pytestmark = pytest.mark.django_db


def _indicator(strategy, code: str, computation: str, **params) -> Indicator:  # type: ignore[no-untyped-def]
    return reported(
        strategy,
        code=code,
        name=computations.get(computation).label,
        unit=Indicator.Unit.PERCENTAGE,
        computation=computation,
        parameters=params,
        targets={"2021": Decimal(80)},
        disaggregations={"zone": False},
    )


def test_sessions_attendance_and_commitments_appear_in_the_strategy_iptt() -> None:
    strategy = pazos(zones=("10", "13"))
    # A territorial committee of comuna 10 meeting monthly in 2021 (second Tuesday) with four
    # members with vote; another of comuna 13 that met twice; a steering committee elsewhere
    # in the strategy that is left out by the "territorial" parameter.
    candelaria = committee(
        name="COT La Candelaria", voting=4, alternates=0, strategy=strategy, zones=(comuna("10"),)
    )
    services.sessions_generate(committee=candelaria, start=date(2021, 1, 1), end=date(2021, 12, 31))
    sessions = list(candelaria.sessions.order_by("starts_at"))
    voters = principals(candelaria)
    # Ten of twelve held: full attendance in five, half in five; March cancelled, December
    # never recorded.
    for index, session in enumerate(sessions[:12]):
        if index in (2, 11):
            continue
        present = 4 if index % 2 == 0 else 2
        services.attendance_record(
            session=session,
            marks={m.pk: ("present" if i < present else "absent") for i, m in enumerate(voters)},
        )
        services.session_record_held(session=session)
    services.session_cancel(session=sessions[2], reason="Paro (sintético)")
    javier = committee(
        name="COT San Javier", voting=2, alternates=0, strategy=strategy, zones=(comuna("13"),)
    )
    first = held_session(javier, date(2021, 3, 9))
    held_session(javier, date(2021, 9, 14), present=1)
    # Commitments due in 2021: two met on time, one done late, one still open; a cancelled one
    # does not count.
    for due, done in (
        (date(2021, 4, 1), date(2021, 3, 30)),
        (date(2021, 5, 1), date(2021, 5, 1)),
        (date(2021, 6, 1), date(2021, 6, 20)),
        (date(2021, 7, 1), None),
        (date(2021, 8, 1), "cancelled"),
    ):
        commitment = services.commitment_create(
            session=first, description=f"Compromiso {due}", due_date=due, owner_name="Enlace"
        )
        if done == "cancelled":
            services.commitment_update(
                commitment=commitment,
                change=services.Change(status="cancelled", note="Ya no aplica"),
            )
        elif done is not None:
            services.commitment_update(
                commitment=commitment,
                change=services.Change(status="done", completed_on=done, evidence="Acta"),
            )

    held = _indicator(strategy, "GOB-1", "governance.sessions_held", kind="territorial")
    attendance = _indicator(strategy, "GOB-2", "governance.attendance_rate")
    on_time = _indicator(strategy, "GOB-3", "governance.commitments_on_time")
    for indicator in (held, attendance, on_time):
        indicator_compute(indicator=indicator, notify=False)

    rows = {row.indicator.code: row for row in iptt_build(strategy, approved_only=False).rows}
    # 12 held of 14 due (12 + 2): 85.71 %.
    assert rows["GOB-1"].track.cell("2021").actual == Decimal("85.7100")
    # Seats present: 5 x 4 + 5 x 2 + 2 + 1 = 33 of 10 x 4 + 2 x 2 = 44 seats: 75 %.
    assert rows["GOB-2"].track.cell("2021").actual == Decimal("75.0000")
    # Two of four due met on time.
    assert rows["GOB-3"].track.cell("2021").actual == Decimal("50.0000")
    assert rows["GOB-3"].track.cell("2021").target == Decimal(80)
    result = held.results.get(period="2021")
    assert result.trace["inputs"]["sessions_due"] == 14
    assert result.trace["inputs"]["sessions_cancelled"] == 1
    assert result.trace["records"]["count"] == 14
    # Broken down by target zone: comuna 10 held 10 of 12, comuna 13 both.
    by_zone = {v.category: v.value for v in result.values.filter(dimension="zone")}
    assert by_zone == {
        str(comuna("10").pk): Decimal("83.3300"),
        str(comuna("13").pk): Decimal("100.0000"),
    }
    # A year without committees says why it has no figure.
    assert held.results.get(period="2020").value is None
    assert "No vencía ninguna sesión ordinaria" in held.results.get(period="2020").note


def test_the_computations_are_offered_when_defining_an_indicator() -> None:
    names = {c.name for c in computations.available()}
    assert {
        "governance.sessions_held",
        "governance.attendance_rate",
        "governance.commitments_on_time",
    } <= names
    kinds = dict(computations.get("governance.sessions_held").parameters[0].choices())
    assert kinds["territorial"] == "Comité operativo territorial"
