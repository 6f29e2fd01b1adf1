"""Distinct participants for the results framework, registered as computed indicators.

A person is counted once in the strategy's total however many programmes they are in, and once
in each component they take part in (so the components may add up to more than the total).
Merges move enrolments to the kept record, so a count made after a merge counts the merged
people once. Counts include people whose authorisation was later withdrawn: a count is an
anonymous figure about service already delivered, and figures already reported must not move.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from redpaz.strategy.categories import OUTSIDE, UNKNOWN, age_band
from redpaz.strategy.computations import Computation, Context, Outcome, Parameter, register

ETHNICITY_CATEGORY = {
    "indigena": "indigenous",
    "rom": "rrom",
    "raizal": "raizal",
    "palenquero": "palenquero",
    "negro": "afro",
    "ninguno": "none",
}
SEXES = (
    ("female", gettext_lazy("Women")),
    ("male", gettext_lazy("Men")),
    ("intersex", gettext_lazy("Intersex")),
)
AGE_GROUPS = (
    ("0-13", "0-13"),
    ("14-17", "14-17"),
    ("18-28", "18-28"),
    ("29-59", "29-59"),
)


# What ``breakdown`` reads of each enrolment, in this order.
ROW_FIELDS = (
    "person_id",
    "programme__component__code",
    "person__sex",
    "person__birth_date",
    "enrolled_on",
    "person__ethnicity",
    "person__zone_id",
    "person__zone__parent_id",
)


def active_enrolments(
    *, strategy: Any, start: date, end: date, params: Mapping[str, Any] | None = None
) -> QuerySet[Any]:
    """Enrolments in the strategy's programmes active at some point between start and end."""
    from redpaz.participants.models import Enrolment

    params = params or {}
    qs = Enrolment.objects.filter(
        programme__component__strategy=strategy,
        enrolled_on__lte=end,
        person__merged_into__isnull=True,
    ).filter(Q(exited_on__isnull=True) | Q(exited_on__gte=start))
    if params.get("component"):
        qs = qs.filter(programme__component__code=params["component"])
    if params.get("programme"):
        qs = qs.filter(programme__code=params["programme"])
    if params.get("sex"):
        qs = qs.filter(person__sex=params["sex"])
    if params.get("ethnicity"):
        qs = qs.filter(person__ethnicity=params["ethnicity"])
    if params.get("victim"):
        qs = qs.filter(person__victim_of_conflict=True)
    return qs


def breakdown(
    rows: list[tuple[Any, ...]], target_zones: Mapping[int, Any]
) -> tuple[set[int], dict[str, dict[str, Decimal]]]:
    """People and their counts by dimension from enrolment rows
    (person, component, sex, birth date, enrolled on, ethnicity, zone, zone's parent)."""
    people: set[int] = set()
    per_dimension: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    first_enrolment: dict[int, date] = {}
    attributes: dict[int, tuple[Any, ...]] = {}
    for person, component, sex, birth, enrolled, ethnicity, zone, parent in rows:
        people.add(person)
        per_dimension["component"][component].add(person)
        if person not in first_enrolment or enrolled < first_enrolment[person]:
            first_enrolment[person] = enrolled
        attributes[person] = (sex, birth, ethnicity, zone, parent)
    for person, (sex, birth, ethnicity, zone, parent) in attributes.items():
        per_dimension["sex"][sex or UNKNOWN].add(person)
        age = None
        if birth is not None:
            on = first_enrolment[person]
            age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
        per_dimension["age_group"][age_band(age)].add(person)
        per_dimension["ethnicity"][ETHNICITY_CATEGORY.get(ethnicity, UNKNOWN)].add(person)
        if target_zones:
            if zone in target_zones:
                key = str(zone)
            elif parent in target_zones:
                key = str(parent)
            else:
                key = OUTSIDE
            per_dimension["zone"][key].add(person)
    return people, {
        dimension: {k: Decimal(len(v)) for k, v in categories.items()}
        for dimension, categories in per_dimension.items()
    }


def unique_participants(context: Context, params: Mapping[str, Any]) -> Outcome:
    from redpaz.participants.models import Person

    qs = active_enrolments(
        strategy=context.strategy, start=context.start, end=context.end, params=params
    )
    rows = list(qs.values_list(*ROW_FIELDS))
    if params.get("age_group"):
        rows = [r for r in rows if _age_group(r) == params["age_group"]]
    targets = {z.pk: None for z in context.zones}
    people, disaggregated = breakdown(rows, targets)
    return Outcome(
        Decimal(len(people)),
        records=Person.objects.filter(pk__in=sorted(people)),
        inputs={
            "start": context.start.isoformat(),
            "end": context.end.isoformat(),
            "enrolments": len(rows),
            **{k: v for k, v in params.items() if v},
        },
        disaggregated=disaggregated,
    )


def _age_group(row: tuple[Any, ...]) -> str:
    birth, on = row[3], row[4]
    if birth is None:
        return UNKNOWN
    return age_band(on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day)))


def participants_with_hours(context: Context, params: Mapping[str, Any]) -> Outcome:
    """People who received at least the given hours in sessions of the period."""
    from django.db.models import Sum

    from redpaz.participants.models import Attendance, Person

    minimum = Decimal(str(params.get("hours") or 20))
    attendance = Attendance.objects.filter(
        session__activity__programme__component__strategy=context.strategy,
        session__date__gte=context.start,
        session__date__lte=context.end,
        enrolment__person__merged_into__isnull=True,
    )
    if params.get("component"):
        attendance = attendance.filter(
            session__activity__programme__component__code=params["component"]
        )
    totals = attendance.values("enrolment__person_id").annotate(hours=Sum("session__hours"))
    reached = sorted(row["enrolment__person_id"] for row in totals if row["hours"] >= minimum)
    return Outcome(
        Decimal(len(reached)),
        records=Person.objects.filter(pk__in=reached),
        inputs={
            "start": context.start.isoformat(),
            "end": context.end.isoformat(),
            "hours": str(minimum),
            "component": params.get("component", ""),
        },
    )


def _ethnicities() -> list[tuple[str, str]]:
    from redpaz.participants.models import Person

    return [(k, str(label)) for k, label in Person.Ethnicity.choices if k]


RECORD_COLUMNS = ("code", "sex", "ethnicity", "birth_date", "zone__name")

UNIQUE_PARTICIPANTS = Computation(
    name="participants.unique_participants",
    label=gettext_lazy("Distinct participants reached"),
    unit="count",
    compute=unique_participants,
    parameters=(
        Parameter("component", gettext_lazy("Only this component (code)"), kind="component"),
        Parameter("programme", gettext_lazy("Only this programme (code)")),
        Parameter(
            "sex",
            gettext_lazy("Only this sex"),
            kind="choice",
            choices=lambda: [(k, str(v)) for k, v in SEXES],
        ),
        Parameter(
            "age_group",
            gettext_lazy("Only this age group (age when enrolled)"),
            kind="choice",
            choices=lambda: AGE_GROUPS,
        ),
        Parameter(
            "ethnicity",
            gettext_lazy("Only this ethnic group"),
            kind="choice",
            choices=lambda: _ethnicities(),
        ),
        Parameter("victim", gettext_lazy("Only victims of the armed conflict"), kind="bool"),
    ),
    description=gettext_lazy(
        "People enrolled in the strategy's programmes at some time in the period, each counted "
        "once however many programmes they are in (and once in each component)."
    ),
    data_kinds=frozenset({"participants"}),
    dimensions=frozenset({"component", "sex", "age_group", "ethnicity", "zone"}),
    record_columns=RECORD_COLUMNS,
)

WITH_HOURS = Computation(
    name="participants.with_hours",
    label=gettext_lazy("Participants who received the planned hours"),
    unit="count",
    compute=participants_with_hours,
    parameters=(
        Parameter("hours", gettext_lazy("Minimum hours attended"), kind="int", default=20),
        Parameter("component", gettext_lazy("Only this component (code)"), kind="component"),
    ),
    description=gettext_lazy(
        "People who attended at least the given hours of sessions in the period (dosage)."
    ),
    data_kinds=frozenset({"participants"}),
    record_columns=RECORD_COLUMNS,
)


def register_all() -> None:
    register(UNIQUE_PARTICIPANTS)
    register(WITH_HOURS)
