from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from redpaz.strategy.models import Component, Indicator, Result, Strategy


class ComponentSerializer(serializers.ModelSerializer[Component]):
    class Meta:
        model = Component
        fields = ["id", "code", "name", "description", "order"]


class StrategySerializer(serializers.ModelSerializer[Strategy]):
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    territory_code = serializers.CharField(source="territory.code", read_only=True)
    target_zones = serializers.SerializerMethodField()
    components = ComponentSerializer(many=True, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Strategy
        fields = [
            "id",
            "name",
            "description",
            "template",
            "legal_instrument",
            "organisation",
            "territory_code",
            "target_zones",
            "start",
            "end",
            "quarterly",
            "on_track_threshold",
            "components",
            "url",
        ]
        read_only_fields = fields

    def get_target_zones(self, strategy: Strategy) -> list[dict[str, Any]]:
        return [
            {"id": z.pk, "code": z.code, "name": z.name, "level": z.level}
            for z in strategy.target_zones.all()
        ]


class IndicatorSerializer(serializers.ModelSerializer[Indicator]):
    component = serializers.CharField(source="component.code", read_only=True, default=None)
    targets = serializers.SerializerMethodField()
    disaggregations = serializers.SerializerMethodField()
    responsible = serializers.CharField(source="responsible.username", default=None)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "strategy",
            "component",
            "code",
            "name",
            "definition",
            "level",
            "unit",
            "direction",
            "mode",
            "frequency",
            "baseline_value",
            "baseline_date",
            "responsible",
            "means_of_verification",
            "computation",
            "parameters",
            "targets",
            "disaggregations",
        ]
        read_only_fields = fields

    def get_targets(self, indicator: Indicator) -> dict[str, str]:
        return {t.period: format(t.value, "f") for t in indicator.targets.all()}

    def get_disaggregations(self, indicator: Indicator) -> dict[str, bool]:
        return {d.dimension: d.double_counting for d in indicator.disaggregations.all()}


class ResultSerializer(serializers.ModelSerializer[Result]):
    values = serializers.SerializerMethodField()
    submitted_by = serializers.CharField(source="submitted_by.username", default=None)
    approved_by = serializers.CharField(source="approved_by.username", default=None)
    locked = serializers.BooleanField(source="is_locked", read_only=True)

    class Meta:
        model = Result
        fields = [
            "id",
            "indicator",
            "period",
            "origin",
            "value",
            "complete",
            "status",
            "locked",
            "note",
            "evidence_url",
            "values",
            "submitted_by",
            "submitted_at",
            "approved_by",
            "approved_at",
            "revised_value",
        ]
        read_only_fields = fields

    def get_values(self, result: Result) -> dict[str, dict[str, str]]:
        found: dict[str, dict[str, str]] = {}
        for value in result.values.all():
            found.setdefault(value.dimension, {})[value.category] = format(value.value, "f")
        return found


class ResultReportSerializer(serializers.Serializer[Any]):
    """A reported value with its evidence (multipart for a file, or JSON with a link)."""

    indicator = serializers.IntegerField(required=False)
    period = serializers.CharField(required=False, max_length=7)
    value = serializers.DecimalField(max_digits=20, decimal_places=4)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    evidence_url = serializers.URLField(required=False, allow_blank=True, default="")
    evidence_file = serializers.FileField(required=False, allow_null=True, default=None)
    values = serializers.DictField(
        child=serializers.DictField(
            child=serializers.DecimalField(max_digits=20, decimal_places=4)
        ),
        required=False,
        default=dict,
    )


class ActionSerializer(serializers.Serializer[Any]):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class IpttCellSerializer(serializers.Serializer[Any]):
    period = serializers.CharField()
    target = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    actual = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    percent_met = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    status = serializers.CharField()
    complete = serializers.BooleanField()
    approved = serializers.BooleanField()


def decimal_or_none(value: Decimal | None, places: str = "0.0001") -> str | None:
    """Decimals as strings, like every decimal field of the API (no binary rounding)."""
    return format(value.quantize(Decimal(places)), "f") if value is not None else None
