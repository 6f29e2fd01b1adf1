"""Quorum: how many seats with vote must be present for a committee to decide. Django-free.

A committee counts **seats**: each principal member with vote is one seat, and the seat is
present when the principal or one of their alternates attends (an alternate stands in for the
principal, never adds a seat). Guests and members without vote do not count.

Rules:

* ``majority`` — half plus one of the seats with vote (mayoría absoluta): ⌊n / 2⌋ + 1, so 5 of
  9 and 6 of 10;
* ``two_thirds`` — two thirds of the seats, rounded up: 6 of 9;
* ``one_third`` — one third, rounded up (some bodies deliberate with a third and decide with a
  majority of those present): 3 of 9;
* ``fixed`` — a number written in the committee's rules.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class QuorumRule(StrEnum):
    MAJORITY = "majority"
    TWO_THIRDS = "two_thirds"
    ONE_THIRD = "one_third"
    FIXED = "fixed"


def required(rule: str, seats: int, fixed: int | None = None) -> int:
    """Seats that must be present under ``rule`` when the committee has ``seats`` with vote."""
    if seats <= 0:
        return 0
    if rule == QuorumRule.MAJORITY:
        return seats // 2 + 1
    if rule == QuorumRule.TWO_THIRDS:
        return math.ceil(2 * seats / 3)
    if rule == QuorumRule.ONE_THIRD:
        return math.ceil(seats / 3)
    if rule == QuorumRule.FIXED:
        if not fixed or fixed < 1:
            raise ValueError("a fixed quorum needs a number of seats of at least 1")
        return fixed
    raise ValueError(f"unknown quorum rule {rule!r}")


@dataclass(frozen=True)
class Seat:
    """A principal member with vote and who sits for them: ``present`` if either attends."""

    member_id: int
    present: bool
    by_alternate: bool = False  # the principal was absent and an alternate attended


@dataclass(frozen=True)
class QuorumCheck:
    rule: str
    seats: int  # seats with vote
    present: int  # seats present (principal or alternate)
    required: int
    by_alternate: int = 0  # seats present through an alternate

    @property
    def reached(self) -> bool:
        return self.seats > 0 and self.present >= self.required

    @property
    def attendance_rate(self) -> float | None:
        """Share of seats with vote present (0-1)."""
        return self.present / self.seats if self.seats else None


def check(rule: str, seats: Iterable[Seat], fixed: int | None = None) -> QuorumCheck:
    seats = list(seats)
    return QuorumCheck(
        rule=rule,
        seats=len(seats),
        present=sum(1 for s in seats if s.present),
        required=required(rule, len(seats), fixed),
        by_alternate=sum(1 for s in seats if s.present and s.by_alternate),
    )
