"""Quorum: seats with vote, alternates standing in, the committee's rule."""

from __future__ import annotations

from datetime import date

import pytest

from redpaz.governance import quorum, selectors, services
from redpaz.governance.models import Committee
from tests.governance.helpers import committee, principals

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("rule", "seats", "expected"),
    [
        ("majority", 9, 5),  # half plus one: 4.5 → 5
        ("majority", 10, 6),
        ("majority", 1, 1),
        ("two_thirds", 9, 6),
        ("two_thirds", 10, 7),
        ("one_third", 9, 3),
        ("one_third", 10, 4),
    ],
)
def test_it_counts_the_seats_a_rule_requires(rule: str, seats: int, expected: int) -> None:
    assert quorum.required(rule, seats) == expected


def test_a_fixed_quorum_needs_its_number() -> None:
    assert quorum.required("fixed", 12, 4) == 4
    with pytest.raises(ValueError, match="fixed quorum"):
        quorum.required("fixed", 12)


def test_half_plus_one_of_the_members_with_vote_makes_the_quorum() -> None:
    # Nine members with vote (half plus one: five), a secretary without vote.
    body = committee(voting=9, alternates=0)
    session = services.session_create(committee=body, day=date(2024, 5, 14), kind="ordinary")
    voters = principals(body)
    services.attendance_record(session=session, marks={m.pk: "present" for m in voters[:4]})
    check = selectors.quorum_of(session)
    assert (check.seats, check.present, check.required, check.reached) == (9, 4, 5, False)
    services.attendance_record(session=session, marks={voters[4].pk: "present"})
    check = selectors.quorum_of(session)
    assert (check.present, check.reached) == (5, True)


def test_an_alternate_stands_in_for_an_absent_principal_but_never_adds_a_seat() -> None:
    body = committee(voting=3, alternates=2)
    session = services.session_create(committee=body, day=date(2024, 5, 14), kind="ordinary")
    first, second, third = principals(body)
    alternate_1 = body.members.get(alternate_of=first)
    alternate_2 = body.members.get(alternate_of=second)
    # The first principal and their alternate both came: one seat. The second principal sent
    # their alternate. The third is absent. Guests and the secretary do not count.
    services.attendance_record(
        session=session,
        marks={
            first.pk: "present",
            alternate_1.pk: "present",
            second.pk: "excused",
            alternate_2.pk: "present",
            third.pk: "absent",
            body.members.get(role="secretary").pk: "present",
        },
        guests=[services.Guest("Invitada (sintética)", "Personería")],
    )
    check = selectors.quorum_of(session)
    assert (check.seats, check.present, check.by_alternate, check.required) == (3, 2, 1, 2)
    assert check.reached


def test_members_count_only_while_their_seat_lasts() -> None:
    body = committee(voting=4, alternates=0)
    leaving = principals(body)[3]
    services.member_update(member=leaving, end=date(2024, 3, 31))
    before = services.session_create(committee=body, day=date(2024, 3, 12), kind="ordinary")
    after = services.session_create(committee=body, day=date(2024, 4, 9), kind="ordinary")
    assert selectors.quorum_of(before).seats == 4
    assert selectors.quorum_of(after).seats == 3


def test_two_thirds_and_fixed_rules_apply_to_the_session() -> None:
    body = committee(voting=6, alternates=0, quorum_rule=Committee.QuorumRule.TWO_THIRDS)
    session = services.session_create(committee=body, day=date(2024, 5, 14), kind="ordinary")
    services.attendance_record(
        session=session, marks={m.pk: "present" for m in principals(body)[:3]}
    )
    assert selectors.quorum_of(session).required == 4
    services.committee_update(committee=body, quorum_rule="fixed", quorum_fixed=3)
    session.committee.refresh_from_db()
    assert selectors.quorum_of(session).reached
