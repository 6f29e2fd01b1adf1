"""The criteria participation bodies are assessed on: operativity (does the body work?) and
incidence (do its proposals reach policy?). Django-free apart from translated labels.

A criterion is a **ratio** (a numerator over a denominator, as a percentage capped at 100) or a
**level** from 0 to 4 on a written scale (worth 0, 25, 50, 75 or 100). A dimension's index is
the mean of its criteria that have a value; a criterion without one is left out, never counted
as zero. Each assessment stores the label and method of every criterion it applied, so a
revision of this list (a new ``VERSION``) does not change what older assessments meant.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VERSION = "2025.1"
OPERATIVITY = "operativity"
INCIDENCE = "incidence"
RATIO = "ratio"
LEVEL = "level"
HUNDRED = Decimal(100)
LEVEL_WEIGHT = Decimal(25)
ONE_PLACE = Decimal("0.1")


@dataclass(frozen=True)
class Criterion:
    key: str
    dimension: str
    kind: str
    label: str | Promise
    method: str | Promise
    levels: tuple[str | Promise, ...] = ()  # level 0 … 4, for LEVEL criteria


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "sessions",
        OPERATIVITY,
        RATIO,
        _("Sessions held as due"),
        _("Sessions held ÷ sessions its rules call for in the period."),
    ),
    Criterion(
        "attendance",
        OPERATIVITY,
        RATIO,
        _("Attendance of members"),
        _(
            "Seats with vote present (principal or alternate) ÷ seats with vote, over the "
            "sessions held."
        ),
    ),
    Criterion(
        "commitments",
        OPERATIVITY,
        RATIO,
        _("Commitments met on time"),
        _("Commitments done by their due date ÷ commitments due in the period."),
    ),
    Criterion(
        "formalisation",
        OPERATIVITY,
        LEVEL,
        _("Formal basis and internal rules"),
        _("Whether the body exists by an act, is installed and works by its own rules."),
        (
            _("Not created by any act"),
            _("Created by an act but not installed"),
            _("Installed, without internal rules"),
            _("Internal rules adopted"),
            _("Internal rules applied, technical secretariat designated and working"),
        ),
    ),
    Criterion(
        "records",
        OPERATIVITY,
        LEVEL,
        _("Minutes and follow-up"),
        _("Whether sessions leave minutes and commitments are followed up."),
        (
            _("No minutes are kept"),
            _("Minutes of some sessions"),
            _("Minutes of every session"),
            _("Minutes of every session and commitments followed up"),
            _("Minutes approved and published; commitments reviewed at every session"),
        ),
    ),
    Criterion(
        "proposals",
        INCIDENCE,
        RATIO,
        _("Proposals that reached policy"),
        _(
            "Proposals taken into a plan, programme, budget or administrative act ÷ proposals the "
            "body presented to the administration in the period."
        ),
    ),
    Criterion(
        "influence",
        INCIDENCE,
        LEVEL,
        _("Influence on plans and budgets"),
        _("How the administration takes the body into account when it decides."),
        (
            _("The body is not consulted"),
            _("The body is told of decisions already made"),
            _("The body is consulted before decisions"),
            _("Some of its proposals are taken into plans or budgets"),
            _("Its proposals regularly shape plans, budgets and their follow-up"),
        ),
    ),
    Criterion(
        "accountability",
        INCIDENCE,
        LEVEL,
        _("Answers and accountability"),
        _("Whether the administration answers the body's requests and reports back to it."),
        (
            _("Requests go unanswered"),
            _("Some requests are answered"),
            _("Requests are answered on time"),
            _("The administration reports back on what it did with the proposals"),
            _("Regular public accountability to the body, with figures"),
        ),
    ),
)
BY_KEY = {c.key: c for c in CRITERIA}


@dataclass(frozen=True)
class Score:
    """What an assessor recorded for one criterion."""

    numerator: Decimal | None = None
    denominator: Decimal | None = None
    level: int | None = None
    note: str = ""


def value_of(criterion: Criterion, score: Score) -> Decimal | None:
    """The criterion's value from 0 to 100, or None when it was not assessed."""
    if criterion.kind == RATIO:
        if score.numerator is None or not score.denominator:
            return None
        if score.numerator < 0 or score.denominator < 0:
            raise ValueError("counts cannot be negative")
        ratio = min(HUNDRED, score.numerator * HUNDRED / score.denominator)
        return ratio.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
    if score.level is None:
        return None
    if not 0 <= score.level <= 4:
        raise ValueError("a level goes from 0 to 4")
    return Decimal(score.level) * LEVEL_WEIGHT


def index(values: Mapping[str, Decimal | None], dimension: str) -> Decimal | None:
    """Mean of the dimension's criteria that have a value (one decimal)."""
    found = [v for key, v in values.items() if v is not None and BY_KEY[key].dimension == dimension]
    if not found:
        return None
    return (sum(found, Decimal(0)) / len(found)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
