"""Results reported by people, and the way every result goes to approval.

submitted → reviewed → approved, or back as returned (with the reason) from the first two.
Approval locks the period: a locked result cannot be edited, reported again or recomputed into a
new value; an approver may reopen it, giving a reason, and the history keeps every step. The
person who submitted a result cannot review or approve it.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from redpaz.strategy.categories import categories
from redpaz.strategy.models import Indicator, Result, ResultEvent, ResultValue
from redpaz.strategy.performance import check_disaggregation
from redpaz.strategy.periods import Period, PeriodKind
from redpaz.strategy.services.indicators import _text

EVIDENCE_EXTENSIONS = {
    "pdf", "jpg", "jpeg", "png", "webp", "xlsx", "xls", "ods", "csv", "docx", "doc", "odt", "txt",
    "zip",
}  # fmt: skip
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024


class PeriodLocked(ValidationError):
    """The result of this period was approved: it changes only after an approver reopens it."""

    def __init__(self, result: Result):
        super().__init__(
            _(
                "%(period)s of %(code)s was approved and is locked; an approver must reopen it "
                "(with a reason) before it changes."
            )
            % {"period": result.period, "code": result.indicator.code},
            code="locked",
        )
        self.result = result


def _actor(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _event(
    result: Result, action: str, user: Any, reason: str = "", changes: dict | None = None
) -> None:
    ResultEvent.objects.create(
        result=result, action=action, user=_actor(user), reason=reason, changes=changes or {}
    )


def _check_period(indicator: Indicator, period: str) -> Period:
    try:
        parsed = Period.parse(period)
    except ValueError as exc:
        raise ValidationError({"period": str(exc)}) from None
    strategy = indicator.strategy
    if parsed.kind == PeriodKind.LIFE:
        start = strategy.start
    else:
        start, end = parsed.calendar_span()
        if end < strategy.start or start > strategy.end:
            raise ValidationError(
                {"period": _("%(period)s is outside the strategy.") % {"period": parsed.key}}
            )
    if parsed.kind == PeriodKind.QUARTER and indicator.frequency != PeriodKind.QUARTER:
        raise ValidationError({"period": _("This indicator is reported by year, not by quarter.")})
    if start > timezone.localdate():
        raise ValidationError(
            {"period": _("%(period)s has not started yet.") % {"period": parsed.key}}
        )
    return parsed


def _check_evidence(file: File[Any] | None, url: str, existing: Result | None) -> None:
    has_file = bool(file) or bool(existing and existing.evidence_file)
    if not has_file and not url:
        raise ValidationError(
            {"evidence_url": _("Attach the evidence: a file or a link where it can be checked.")}
        )
    if file:
        name = file.name or ""
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension not in EVIDENCE_EXTENSIONS:
            raise ValidationError(
                {
                    "evidence_file": _("Files of type .%(ext)s are not accepted as evidence.")
                    % {"ext": extension}
                }
            )
        if file.size and file.size > EVIDENCE_MAX_BYTES:
            raise ValidationError({"evidence_file": _("The file is larger than 20 MB.")})


def clean_breakdown(
    indicator: Indicator, total: Decimal | None, values: Mapping[str, Mapping[str, Decimal]]
) -> dict[str, dict[str, Decimal]]:
    """Check disaggregated values against the indicator's dimensions and the total."""
    configured = {d.dimension: d.double_counting for d in indicator.disaggregations.all()}
    cleaned: dict[str, dict[str, Decimal]] = {}
    errors: list[str] = []
    for dimension, by_category in values.items():
        by_category = {k: Decimal(v) for k, v in by_category.items() if v not in (None, "")}
        if not by_category:
            continue
        if dimension not in configured:
            errors.append(_("This indicator is not disaggregated by %(d)s.") % {"d": dimension})
            continue
        valid = {code for code, _label in categories(dimension, indicator.strategy)}
        wrong = set(by_category) - valid
        if wrong:
            errors.append(
                _("Unknown categories of %(d)s: %(c)s")
                % {"d": dimension, "c": ", ".join(sorted(wrong))}
            )
            continue
        if any(v < 0 for v in by_category.values()):
            errors.append(_("Disaggregated values cannot be negative."))
            continue
        check = check_disaggregation(
            total=total,
            values=by_category,
            double_counting=configured[dimension],
            summable=indicator.summable,
        )
        if not check.consistent:
            if configured[dimension]:
                errors.append(
                    _("%(d)s: no category can exceed the total (%(total)s).")
                    % {"d": dimension, "total": _text(total)}
                )
            else:
                errors.append(
                    _(
                        "%(d)s: the categories add up to %(sum)s but the total is %(total)s; "
                        "without double counting they must be equal."
                    )
                    % {"d": dimension, "sum": _text(check.category_sum), "total": _text(total)}
                )
            continue
        cleaned[dimension] = by_category
    if errors:
        raise ValidationError({"values": errors})
    return cleaned


def _store_values(result: Result, values: Mapping[str, Mapping[str, Decimal]]) -> None:
    result.values.all().delete()
    ResultValue.objects.bulk_create(
        [
            ResultValue(result=result, dimension=dimension, category=category, value=value)
            for dimension, by_category in values.items()
            for category, value in by_category.items()
        ]
    )


@transaction.atomic
def result_report(
    *,
    indicator: Indicator,
    period: str,
    value: Decimal,
    user: Any,
    values: Mapping[str, Mapping[str, Decimal]] | None = None,
    note: str = "",
    evidence_file: File[Any] | None = None,
    evidence_url: str = "",
) -> Result:
    """Report (or correct) the value of a period with its evidence; it goes to review."""
    if indicator.is_computed:
        raise ValidationError(_("This indicator is computed from data; it is not reported."))
    parsed = _check_period(indicator, period)
    value = Decimal(value)
    if value < 0:
        raise ValidationError({"value": _("The value cannot be negative.")})
    if indicator.unit == Indicator.Unit.PERCENTAGE and value > 100:
        raise ValidationError({"value": _("A percentage cannot exceed 100.")})
    existing = (
        Result.objects.select_for_update().filter(indicator=indicator, period=parsed.key).first()
    )
    if existing is not None and existing.is_locked:
        raise PeriodLocked(existing)
    _check_evidence(evidence_file, evidence_url, existing)
    breakdown = clean_breakdown(indicator, value, values or {})
    now = timezone.now()
    if existing is None:
        result = Result(indicator=indicator, period=parsed.key, origin=Result.Origin.REPORTED)
        action, changes = ResultEvent.Action.SUBMITTED, {"value": ["", _text(value)]}
    else:
        result = existing
        action = ResultEvent.Action.EDITED
        changes = {}
        if result.value != value:
            changes["value"] = [_text(result.value), _text(value)]
        if evidence_url != result.evidence_url:
            changes["evidence_url"] = [result.evidence_url, evidence_url]
        if evidence_file:
            changes["evidence_file"] = [result.evidence_name, evidence_file.name or ""]
    result.value = value
    result.note = note
    result.evidence_url = evidence_url
    result.status = Result.Status.SUBMITTED
    result.submitted_by = _actor(user)
    result.submitted_at = now
    result.reviewed_by = result.approved_by = None
    result.reviewed_at = result.approved_at = None
    if evidence_file:
        result.evidence_file.save(evidence_file.name or "evidence", evidence_file, save=False)
    result.full_clean(exclude=["evidence_file"])
    result.save()
    _store_values(result, breakdown)
    _event(result, action, user, note, changes)
    from redpaz.strategy.services.notices import notify_submitted

    transaction.on_commit(lambda: notify_submitted(result))
    return result


def _locked_for_update(result: Result) -> Result:
    return (
        Result.objects.select_for_update().select_related("indicator__strategy").get(pk=result.pk)
    )


def _not_own(result: Result, user: Any, what: str) -> None:
    if result.submitted_by_id is not None and result.submitted_by_id == getattr(user, "pk", None):
        raise PermissionDenied(
            _("The person who submitted a result cannot %(what)s it.") % {"what": what}
        )


@transaction.atomic
def result_review(*, result: Result, user: Any, comment: str = "", notify: bool = True) -> Result:
    result = _locked_for_update(result)
    if result.status != Result.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted result can be reviewed."))
    if result.value is None:
        raise ValidationError(_("There is no figure to review."))
    _not_own(result, user, _("review"))
    result.status = Result.Status.REVIEWED
    result.reviewed_by = _actor(user)
    result.reviewed_at = timezone.now()
    result.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    _event(result, ResultEvent.Action.REVIEWED, user, comment)
    if notify:
        from redpaz.strategy.services.notices import notify_reviewed

        transaction.on_commit(lambda: notify_reviewed(result))
    return result


@transaction.atomic
def result_approve(*, result: Result, user: Any, comment: str = "") -> Result:
    result = _locked_for_update(result)
    if result.status != Result.Status.REVIEWED:
        raise ValidationError(_("A result is approved after it has been reviewed."))
    _not_own(result, user, _("approve"))
    result.status = Result.Status.APPROVED
    result.approved_by = _actor(user)
    result.approved_at = timezone.now()
    result.save(update_fields=["status", "approved_by", "approved_at"])
    _event(result, ResultEvent.Action.APPROVED, user, comment)
    from redpaz.strategy.services.notices import notify_off_track

    transaction.on_commit(lambda: notify_off_track(result.indicator))
    return result


@transaction.atomic
def result_return(*, result: Result, user: Any, reason: str) -> Result:
    result = _locked_for_update(result)
    if result.status not in (Result.Status.SUBMITTED, Result.Status.REVIEWED):
        raise ValidationError(_("Only a submitted or reviewed result can be returned."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say what must be corrected.")})
    _not_own(result, user, _("return"))
    result.status = Result.Status.RETURNED
    result.reviewed_by = result.approved_by = None
    result.reviewed_at = result.approved_at = None
    result.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "approved_by", "approved_at"]
    )
    _event(result, ResultEvent.Action.RETURNED, user, reason.strip())
    from redpaz.strategy.services.notices import notify_returned

    transaction.on_commit(lambda: notify_returned(result, reason.strip()))
    return result


@transaction.atomic
def result_reopen(*, result: Result, user: Any, reason: str) -> Result:
    """Unlock an approved result so that it can be corrected (or recomputed)."""
    result = _locked_for_update(result)
    if not result.is_locked:
        raise ValidationError(_("Only an approved result can be reopened."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why an approved result is reopened.")})
    result.status = (
        Result.Status.SUBMITTED
        if result.origin == Result.Origin.COMPUTED
        else Result.Status.RETURNED
    )
    result.reviewed_by = result.approved_by = None
    result.reviewed_at = result.approved_at = None
    result.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "approved_by", "approved_at"]
    )
    _event(result, ResultEvent.Action.REOPENED, user, reason.strip())
    if result.origin == Result.Origin.COMPUTED:
        from redpaz.strategy.services.computing import indicator_compute

        transaction.on_commit(lambda: indicator_compute(indicator=result.indicator))
    return result


@transaction.atomic
def result_revision_accept(*, result: Result, user: Any, reason: str) -> Result:
    """Replace an approved computed figure by the one the changed data gives."""
    result = _locked_for_update(result)
    if not result.is_locked or result.revised_at is None:
        raise ValidationError(_("There is no revised figure to accept."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the approved figure changes.")})
    changes = {"value": [_text(result.value), _text(result.revised_value)]}
    result.value = result.revised_value
    result.trace = result.revised_trace
    result.complete = bool(result.revised_trace.get("complete", True))
    result.revised_value = None
    result.revised_trace = {}
    result.revised_at = None
    result.approved_by = _actor(user)
    result.approved_at = timezone.now()
    result.save()
    _event(result, ResultEvent.Action.REVISION_ACCEPTED, user, reason.strip(), changes)
    return result


@transaction.atomic
def results_review_all(*, indicator: Indicator, user: Any, comment: str = "") -> int:
    """Review every submitted figure of an indicator the user did not submit."""
    pending = indicator.results.filter(status=Result.Status.SUBMITTED, value__isnull=False)
    count = 0
    for result in pending.exclude(submitted_by=getattr(user, "pk", None)):
        result_review(result=result, user=user, comment=comment, notify=False)
        count += 1
    if count:
        from redpaz.strategy.services.notices import notify_reviewed_many

        transaction.on_commit(lambda: notify_reviewed_many(indicator, count, user))
    return count


@transaction.atomic
def results_approve_all(*, indicator: Indicator, user: Any, comment: str = "") -> int:
    """Approve (and lock) every reviewed figure of an indicator the user did not submit."""
    reviewed = indicator.results.filter(status=Result.Status.REVIEWED)
    count = 0
    for result in reviewed.exclude(submitted_by=getattr(user, "pk", None)):
        result_approve(result=result, user=user, comment=comment)
        count += 1
    return count
