"""Field work API: what the phone form syncs, and what supervisors and other programs read.

``PUT /api/v1/fieldwork/<kind>/<uuid>/`` creates or changes one record (``base_version``: the
version the device started from, null for a record created on the device): 201 created, 200
updated or unchanged (the same record synced twice), 409 with the stored record when it changed
since ``base_version``, 403 outside the person's zones. See services for the rules.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DrfValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from redpaz.fieldwork import access, services
from redpaz.fieldwork.models import CommunityNeed, FollowUp, Intervention, Mediation
from redpaz.territory.models import Territory

COMMON = [
    "uuid",
    "version",
    "zone",
    "zone_name",
    "latitude",
    "longitude",
    "precision",
    "recorded_by",
    "created_at",
    "updated_at",
]
READ_ONLY = ["uuid", "version", "zone_name", "recorded_by", "created_at", "updated_at"]


class FieldRecordSerializer(serializers.ModelSerializer[Any]):
    base_version = serializers.IntegerField(
        write_only=True, required=False, allow_null=True, min_value=1
    )
    zone = serializers.PrimaryKeyRelatedField(queryset=Territory.objects.all())
    zone_name = serializers.CharField(source="zone.name", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", default=None, read_only=True)
    latitude = serializers.FloatField(
        required=False, allow_null=True, min_value=-4.3, max_value=13.5
    )
    longitude = serializers.FloatField(
        required=False, allow_null=True, min_value=-82.0, max_value=-66.8
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs.get("latitude") is None) != (attrs.get("longitude") is None):
            raise serializers.ValidationError(
                {"latitude": "Give both latitude and longitude, or neither."}
            )
        if attrs.get("latitude") is None:
            attrs["precision"] = "zone"
        elif attrs.get("precision", "zone") == "zone":
            attrs["precision"] = "approximate"
        return attrs


class FollowUpSerializer(serializers.ModelSerializer[FollowUp]):
    class Meta:
        model = FollowUp
        fields = ["due_on", "done_on", "note"]


class MediationSerializer(FieldRecordSerializer):
    follow_ups = FollowUpSerializer(many=True, required=False)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Mediation
        fields = [
            *COMMON,
            "base_version",
            "occurred_at",
            "conflict_type",
            "parties_count",
            "parties_women",
            "parties_men",
            "age_groups",
            "groups_involved",
            "weapons_involved",
            "retaliation",
            "risk",
            "actions",
            "outcome",
            "referrals",
            "notes",
            "follow_ups",
            "alerted_at",
            "url",
        ]
        read_only_fields = [*READ_ONLY, "alerted_at"]

    def validate_age_groups(self, value: list[Any]) -> list[str]:
        return _choices(value, Mediation.AgeGroup, "age_groups")

    def validate_referrals(self, value: list[Any]) -> list[str]:
        return _choices(value, Mediation.Referral, "referrals")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        women, men = attrs.get("parties_women", 0), attrs.get("parties_men", 0)
        if women + men > attrs.get("parties_count", 2):
            raise serializers.ValidationError(
                {"parties_count": "Women and men add up to more than the people involved."}
            )
        return attrs


def _choices(value: Any, choices: Any, name: str) -> list[str]:
    if not isinstance(value, list):
        raise serializers.ValidationError(f"{name} must be a list.")
    allowed = set(choices.values)
    unknown = [v for v in value if v not in allowed]
    if unknown:
        raise serializers.ValidationError(f"Unknown values: {', '.join(map(str, unknown))}")
    return sorted(set(value))


class NeedSerializer(FieldRecordSerializer):
    class Meta:
        model = CommunityNeed
        fields = [
            *COMMON,
            "base_version",
            "identified_on",
            "category",
            "description",
            "dependency",
            "referred_on",
            "status",
            "answered_on",
            "answer",
        ]
        read_only_fields = READ_ONLY


class InterventionSerializer(FieldRecordSerializer):
    photo_before = serializers.ImageField(read_only=True)
    photo_after = serializers.ImageField(read_only=True)

    class Meta:
        model = Intervention
        fields = [
            *COMMON,
            "base_version",
            "date",
            "kind",
            "description",
            "area_geojson",
            "quantity",
            "partners",
            "participants_count",
            "photo_before",
            "photo_after",
        ]
        read_only_fields = READ_ONLY

    def validate_area_geojson(self, value: str) -> str:
        """An area is a GeoJSON Polygon or MultiPolygon in longitude/latitude, stored compact."""
        if not value:
            return ""
        import json

        import shapely

        try:
            geometry = shapely.from_geojson(value)
        except (shapely.errors.GEOSException, ValueError) as exc:
            raise serializers.ValidationError("Not a GeoJSON geometry.") from exc
        if geometry.geom_type not in ("Polygon", "MultiPolygon") or not geometry.is_valid:
            raise serializers.ValidationError("The area must be a valid polygon.")
        return json.dumps(json.loads(shapely.to_geojson(geometry)), separators=(",", ":"))


class PhotoSerializer(serializers.Serializer[Any]):
    slot = serializers.ChoiceField(choices=["before", "after"])
    photo = serializers.FileField()


class FieldRecordViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Any]
):
    lookup_field = "uuid"
    model: ClassVar[type[Model]]
    http_method_names = ["get", "put", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Any]:
        return (
            self.model.objects.filter(access.visible_filter(self.request.user))  # type: ignore[attr-defined]
            .select_related("zone", "recorded_by")
            .order_by("-id")
        )

    def _save(self, uuid: Any, data: dict[str, Any], base_version: int | None) -> Any:
        raise NotImplementedError

    def update(self, request: Request, uuid: str | None = None) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        base_version = data.pop("base_version", None)
        record_uuid = serializers.UUIDField().to_internal_value(uuid or "")
        existing = self.model.objects.filter(uuid=record_uuid).select_related("zone").first()  # type: ignore[attr-defined]
        if not access.can_record(request.user, data["zone"]) or (
            existing is not None and not access.can_record(request.user, existing.zone)
        ):
            raise PermissionDenied("You may not record field work in this zone.")
        try:
            saved = self._save(record_uuid, data, base_version)
        except services.Conflict as conflict:
            return Response(
                {
                    "detail": "The record changed on the server since your version.",
                    "server": self.get_serializer(conflict.record).data,
                },
                status=status.HTTP_409_CONFLICT,
            )
        except ValidationError as exc:
            raise DrfValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            ) from exc
        body = self.get_serializer(saved.record).data
        body["sync_status"] = saved.status
        return Response(
            body,
            status=status.HTTP_201_CREATED if saved.status == "created" else status.HTTP_200_OK,
        )


class MediationViewSet(FieldRecordViewSet):
    model = Mediation
    serializer_class = MediationSerializer

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().prefetch_related("follow_ups")

    def _save(self, uuid: Any, data: dict[str, Any], base_version: int | None) -> Any:
        follow_ups = data.pop("follow_ups", [])
        return services.mediation_save(
            uuid=uuid,
            base_version=base_version,
            fields=data,
            follow_ups=follow_ups,
            user=self.request.user,
        )


class NeedViewSet(FieldRecordViewSet):
    model = CommunityNeed
    serializer_class = NeedSerializer

    def _save(self, uuid: Any, data: dict[str, Any], base_version: int | None) -> Any:
        return services.need_save(
            uuid=uuid, base_version=base_version, fields=data, user=self.request.user
        )


class InterventionViewSet(FieldRecordViewSet):
    model = Intervention
    serializer_class = InterventionSerializer

    def _save(self, uuid: Any, data: dict[str, Any], base_version: int | None) -> Any:
        return services.intervention_save(
            uuid=uuid, base_version=base_version, fields=data, user=self.request.user
        )

    @extend_schema(request=PhotoSerializer, responses=InterventionSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def photos(self, request: Request, uuid: str | None = None) -> Response:
        intervention = self.get_object()
        if not access.can_record(request.user, intervention.zone):
            raise PermissionDenied("You may not record field work in this zone.")
        form = PhotoSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["photo"]
        if upload.size > services.PHOTO_MAX_UPLOAD_BYTES:
            raise DrfValidationError({"photo": "The photo is too large (more than 15 MB)."})
        try:
            services.intervention_photo_set(
                intervention=intervention, slot=form.validated_data["slot"], data=upload.read()
            )
        except ValidationError as exc:
            raise DrfValidationError({"photo": exc.messages}) from exc
        return Response(self.get_serializer(intervention).data)
