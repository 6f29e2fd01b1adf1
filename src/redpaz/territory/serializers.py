from __future__ import annotations

from typing import Any

from rest_framework import serializers

from redpaz.territory.models import BoundarySet, Territory, TerritoryAlias
from redpaz.territory.selectors import population_series


class TerritorySerializer(serializers.ModelSerializer[Territory]):
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Territory
        fields = [
            "id",
            "level",
            "code",
            "name",
            "parent",
            "municipality_code",
            "department_code",
            "boundary_set",
            "area_km2",
            "label_lon",
            "label_lat",
            "url",
        ]
        read_only_fields = fields


class BoundarySetSerializer(serializers.ModelSerializer[BoundarySet]):
    class Meta:
        model = BoundarySet
        fields = ["id", "level", "name", "valid_from", "valid_to"]


class AliasSerializer(serializers.ModelSerializer[TerritoryAlias]):
    class Meta:
        model = TerritoryAlias
        fields = ["id", "name", "source"]


class PopulationPointSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    value = serializers.IntegerField()
    series = serializers.CharField()


class TerritoryDetailSerializer(TerritorySerializer):
    aliases = AliasSerializer(many=True, read_only=True)
    boundary_set_detail = BoundarySetSerializer(source="boundary_set", read_only=True)
    population = serializers.SerializerMethodField()

    class Meta(TerritorySerializer.Meta):
        fields = [*TerritorySerializer.Meta.fields, "aliases", "boundary_set_detail", "population"]
        read_only_fields = fields

    def get_population(self, territory: Territory) -> list[dict[str, Any]]:
        return [
            {"year": p.year, "value": p.value, "series": p.series}
            for p in population_series(territory)
        ]
