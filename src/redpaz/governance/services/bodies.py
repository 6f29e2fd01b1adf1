"""Participation bodies and their assessments."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from redpaz.governance import criteria
from redpaz.governance.measures import performance
from redpaz.governance.models import AssessmentScore, BodyAssessment, ParticipationBody
from redpaz.governance.services.common import save
from redpaz.territory.models import Level, Territory

BODY_FIELDS = (
    "name",
    "kind",
    "zone",
    "legal_basis",
    "description",
    "sessions_per_year",
    "committee",
    "is_active",
)


def _check_body(body: ParticipationBody) -> None:
    errors = {}
    if body.municipality.level != Level.MUNICIPALITY:
        errors["municipality"] = _("A body belongs to a municipality.")
    if body.zone is not None and (
        not body.zone.is_zone or body.zone.municipality_code != body.municipality.code
    ):
        errors["zone"] = _("Choose a zone of %(municipality)s.") % {
            "municipality": body.municipality.name
        }
    if body.committee is not None and body.committee.municipality_id != body.municipality_id:
        errors["committee"] = _("Choose a committee of %(municipality)s.") % {
            "municipality": body.municipality.name
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def body_create(
    *, municipality: Territory, name: str, kind: str, user: Any = None, **fields: Any
) -> ParticipationBody:
    unknown = set(fields) - set(BODY_FIELDS)
    if unknown:
        raise ValueError(f"not body fields: {', '.join(sorted(unknown))}")
    body = ParticipationBody(
        municipality=municipality, name=name, kind=kind, created_by=user, **fields
    )
    _check_body(body)
    save(body)
    return body


@transaction.atomic
def body_update(*, body: ParticipationBody, **fields: Any) -> ParticipationBody:
    unknown = set(fields) - set(BODY_FIELDS)
    if unknown:
        raise ValueError(f"not body fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(body, name, value)
    _check_body(body)
    save(body)
    return body


def measured_scores(
    body: ParticipationBody, start: date, end: date, *, today: date | None = None
) -> dict[str, criteria.Score]:
    """The ratios RedPaz can measure for a body followed as a committee: sessions held as due,
    attendance and commitments met on time over the period (an assessor may correct them)."""
    if body.committee is None:
        if not body.sessions_per_year:
            return {}
        # Without sessions in RedPaz, at least the denominator is known from the body's rules.
        days = (end - start).days + 1
        due = Decimal(body.sessions_per_year * days / 365).quantize(Decimal(1))
        return {"sessions": criteria.Score(denominator=due)}
    figures = performance([body.committee], start, end, today=today)
    scores = {}
    if figures.sessions_due:
        scores["sessions"] = criteria.Score(
            Decimal(figures.sessions_held), Decimal(figures.sessions_due)
        )
    if figures.seats:
        scores["attendance"] = criteria.Score(
            Decimal(figures.seats_present), Decimal(figures.seats)
        )
    if figures.commitments_due:
        scores["commitments"] = criteria.Score(
            Decimal(figures.commitments_met_on_time), Decimal(figures.commitments_due)
        )
    return scores


@transaction.atomic
def assessment_create(
    *,
    body: ParticipationBody,
    period_start: date,
    period_end: date,
    scores: Mapping[str, criteria.Score],
    user: Any = None,
    assessed_on: date | None = None,
    method: str = "",
    summary: str = "",
) -> BodyAssessment:
    """Record an assessment: each criterion's figures, its 0-100 value, and the operativity and
    incidence indices (means of the criteria assessed)."""
    unknown = set(scores) - set(criteria.BY_KEY)
    if unknown:
        raise ValueError(f"unknown criteria: {', '.join(sorted(unknown))}")
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    values: dict[str, Decimal | None] = {}
    errors = {}
    for key, score in scores.items():
        criterion = criteria.BY_KEY[key]
        try:
            values[key] = criteria.value_of(criterion, score)
        except ValueError:
            errors[key] = _("Check the figures of “%(label)s”.") % {"label": criterion.label}
        if (
            criterion.kind == criteria.RATIO
            and score.numerator is not None
            and score.denominator is not None
            and score.numerator > score.denominator
        ):
            errors[key] = _("“%(label)s”: the first figure cannot exceed the second.") % {
                "label": criterion.label
            }
    if errors:
        raise ValidationError(errors)
    if not any(v is not None for v in values.values()):
        raise ValidationError(_("Assess at least one criterion."))
    assessment = BodyAssessment(
        body=body,
        assessed_on=assessed_on or timezone.localdate(),
        period_start=period_start,
        period_end=period_end,
        assessed_by=user,
        method=method,
        summary=summary,
        criteria_version=criteria.VERSION,
        operativity=criteria.index(values, criteria.OPERATIVITY),
        incidence=criteria.index(values, criteria.INCIDENCE),
    )
    save(assessment)
    AssessmentScore.objects.bulk_create(
        [
            AssessmentScore(
                assessment=assessment,
                criterion=criterion.key,
                dimension=criterion.dimension,
                label=str(criterion.label)[:200],
                method=str(criterion.method)[:400],
                numerator=scores[criterion.key].numerator,
                denominator=scores[criterion.key].denominator,
                level=scores[criterion.key].level,
                value=values[criterion.key],
                note=scores[criterion.key].note[:400],
                order=order,
            )
            for order, criterion in enumerate(criteria.CRITERIA)
            if criterion.key in scores
        ]
    )
    return assessment
