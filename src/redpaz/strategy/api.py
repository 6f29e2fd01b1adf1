"""Strategy API: strategies, indicators, the IPTT as JSON, and results with their workflow.

Every read goes through the user's strategy access (approved figures only for those who see
approved figures only); every write through the same services as the pages, so an approved
(locked) period answers 409 Conflict here as it refuses the page's form.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.exceptions import ValidationError as DrfValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from redpaz.strategy import selectors, services
from redpaz.strategy.access import StrategyAccess, strategy_access
from redpaz.strategy.models import Indicator, Result, Strategy
from redpaz.strategy.selectors.iptt import iptt_build, period_label
from redpaz.strategy.serializers import (
    ActionSerializer,
    IndicatorSerializer,
    ResultReportSerializer,
    ResultSerializer,
    StrategySerializer,
    decimal_or_none,
)


def _access_by_strategy(user: Any) -> dict[int, StrategyAccess]:
    return {s.pk: strategy_access(user, s) for s in selectors.strategies_visible(user)}


def _drf_error(exc: ValidationError) -> DrfValidationError:
    detail: Any = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
    return DrfValidationError(detail)


class StrategyViewSet(viewsets.ReadOnlyModelViewSet[Strategy]):
    """Strategies the caller may see."""

    serializer_class = StrategySerializer

    def get_queryset(self) -> QuerySet[Strategy]:
        return (
            selectors.strategies_visible(self.request.user)
            .prefetch_related("components", "target_zones")
            .order_by("-start", "name")
        )

    @extend_schema(
        parameters=[OpenApiParameter("periods", str, enum=["years", "quarters"])],
        responses={200: dict},
    )
    @action(detail=True, methods=["get"])
    def iptt(self, request: Request, pk: str | None = None) -> Response:
        """The IPTT: every indicator with baseline, targets, actuals, % met and status."""
        strategy = self.get_object()
        access = strategy_access(request.user, strategy)
        periods = request.query_params.get("periods")
        quarterly = None if periods is None else periods == "quarters"
        table = iptt_build(strategy, approved_only=access.approved_only, quarterly=quarterly)
        indicators = []
        for row in table.rows:
            track = row.track
            indicators.append(
                {
                    "id": row.indicator.pk,
                    "code": row.indicator.code,
                    "name": row.indicator.name,
                    "component": row.indicator.component.code if row.indicator.component else None,
                    "level": row.indicator.level,
                    "unit": row.indicator.unit,
                    "direction": row.indicator.direction,
                    "mode": row.indicator.mode,
                    "baseline": decimal_or_none(row.indicator.baseline_value),
                    "baseline_date": row.indicator.baseline_date,
                    "status": track.status.value,
                    "status_period": track.status_period.key if track.status_period else None,
                    "trend": track.trend.assessment.value,
                    "periods": [
                        {
                            "period": column.period.key,
                            "label": period_label(column.period),
                            "target": decimal_or_none(track.cells[column.period.key].target),
                            "actual": decimal_or_none(track.cells[column.period.key].actual),
                            "percent_met": decimal_or_none(
                                track.cells[column.period.key].percent, "0.01"
                            ),
                            "status": track.cells[column.period.key].status.value,
                            "complete": track.cells[column.period.key].complete,
                            "approved": track.cells[column.period.key].approved,
                        }
                        for column in table.columns
                        if column.period.key in track.cells
                    ],
                }
            )
        return Response(
            {
                "strategy": strategy.pk,
                "approved_only": table.approved_only,
                "as_of": table.today,
                "indicators": indicators,
            }
        )


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter("strategy", int)]))
class IndicatorViewSet(viewsets.ReadOnlyModelViewSet[Indicator]):
    serializer_class = IndicatorSerializer

    def get_queryset(self) -> QuerySet[Indicator]:
        qs = Indicator.objects.filter(
            strategy__in=selectors.strategies_visible(self.request.user)
        ).prefetch_related("targets", "disaggregations")
        strategy = self.request.query_params.get("strategy")
        if strategy:
            qs = qs.filter(strategy_id=int(strategy)) if strategy.isdigit() else qs.none()
        return qs.select_related("component", "responsible").order_by("strategy", "order", "code")


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("strategy", int), OpenApiParameter("indicator", int)]
    ),
    create=extend_schema(request=ResultReportSerializer, responses={201: ResultSerializer}),
    update=extend_schema(request=ResultReportSerializer, responses={200: ResultSerializer}),
    partial_update=extend_schema(request=ResultReportSerializer, responses={200: ResultSerializer}),
)
class ResultViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Result],
):
    """Results; reporting and correcting go through the same rules as the pages."""

    serializer_class = ResultSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[Result]:
        access = _access_by_strategy(self.request.user)
        full = [pk for pk, a in access.items() if a.view_all]
        approved = [pk for pk, a in access.items() if a.approved_only]
        qs = Result.objects.filter(
            Q(indicator__strategy_id__in=full)
            | Q(indicator__strategy_id__in=approved, status=Result.Status.APPROVED)
        )
        params = self.request.query_params
        if (strategy := params.get("strategy")) is not None:
            qs = (
                qs.filter(indicator__strategy_id=int(strategy)) if strategy.isdigit() else qs.none()
            )
        if (indicator := params.get("indicator")) is not None:
            qs = qs.filter(indicator_id=int(indicator)) if indicator.isdigit() else qs.none()
        return (
            qs.select_related("submitted_by", "approved_by")
            .prefetch_related("values")
            .order_by("indicator", "period")
        )

    def _report(self, request: Request, indicator: Indicator, period: str) -> Result:
        access = strategy_access(request.user, indicator.strategy)
        if not access.view:
            raise NotFound
        if not access.report:
            raise PermissionDenied
        data = ResultReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            return services.result_report(
                indicator=indicator,
                period=period,
                value=values["value"],
                user=request.user,
                values=values["values"],
                note=values["note"],
                evidence_file=values["evidence_file"],
                evidence_url=values["evidence_url"],
            )
        except services.PeriodLocked:
            raise
        except ValidationError as exc:
            raise _drf_error(exc) from None

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data: Any = request.data
        indicator_id, period = data.get("indicator"), data.get("period")
        if not indicator_id or not period:
            raise DrfValidationError({"indicator": "required", "period": "required"})
        indicator = Indicator.objects.select_related("strategy").filter(pk=indicator_id).first()
        if indicator is None:
            raise NotFound
        try:
            result = self._report(request, indicator, str(period))
        except services.PeriodLocked as exc:
            return Response({"detail": exc.messages[0]}, status=status.HTTP_409_CONFLICT)
        return Response(ResultSerializer(result).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        result = self.get_object()
        if result.is_locked:
            return Response(
                {"detail": services.PeriodLocked(result).messages[0]},
                status=status.HTTP_409_CONFLICT,
            )
        try:
            updated = self._report(request, result.indicator, result.period)
        except services.PeriodLocked as exc:
            return Response({"detail": exc.messages[0]}, status=status.HTTP_409_CONFLICT)
        return Response(ResultSerializer(updated).data)

    def _act(self, request: Request, permission: str, service: Any, argument: str) -> Response:
        result = self.get_object()
        access = strategy_access(request.user, result.indicator.strategy)
        if not getattr(access, permission):
            raise PermissionDenied
        body = ActionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        text = body.validated_data["reason"] or body.validated_data["comment"]
        try:
            result = service(result=result, user=request.user, **{argument: text})
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        except ValidationError as exc:
            raise _drf_error(exc) from None
        return Response(ResultSerializer(result).data)

    @extend_schema(request=ActionSerializer, responses={200: ResultSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        return self._act(request, "review", services.result_review, "comment")

    @extend_schema(request=ActionSerializer, responses={200: ResultSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        return self._act(request, "approve", services.result_approve, "comment")

    @extend_schema(request=ActionSerializer, responses={200: ResultSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        return self._act(request, "review", services.result_return, "reason")

    @extend_schema(request=ActionSerializer, responses={200: ResultSerializer})
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        return self._act(request, "approve", services.result_reopen, "reason")
