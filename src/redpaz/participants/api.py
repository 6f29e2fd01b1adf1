"""Participants API: list and detail, scoped exactly like the pages (participants/access.py).

People appear by pseudonymous code with their attributes and the enrolments the caller may
see; names and documents are never in the API.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from redpaz.participants import selectors
from redpaz.participants.models import Enrolment, Person


class EnrolmentSerializer(serializers.ModelSerializer[Enrolment]):
    programme = serializers.CharField(source="programme.code")
    programme_name = serializers.CharField(source="programme.name")
    stage = serializers.CharField(source="stage.name", default=None)

    class Meta:
        model = Enrolment
        fields = [
            "programme",
            "programme_name",
            "enrolled_on",
            "stage",
            "exited_on",
            "exit_reason",
            "flags",
        ]
        read_only_fields = fields


class ParticipantSerializer(serializers.ModelSerializer[Person]):
    zone = serializers.CharField(source="zone.name", default=None)
    zone_id = serializers.IntegerField(allow_null=True)
    birth_year = serializers.SerializerMethodField()
    enrolments = EnrolmentSerializer(source="visible_enrolments", many=True)

    class Meta:
        model = Person
        fields = [
            "code",
            "birth_year",
            "sex",
            "gender_identity",
            "ethnicity",
            "disability",
            "victim_of_conflict",
            "zone",
            "zone_id",
            "enrolments",
        ]
        read_only_fields = fields

    def get_birth_year(self, person: Person) -> int | None:
        return person.birth_date.year if person.birth_date else None


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("programme", int, description="Only this programme (id)"),
            OpenApiParameter("zone", int, description="Only people living in this zone (id)"),
        ]
    )
)
class ParticipantViewSet(viewsets.ReadOnlyModelViewSet[Person]):
    """Participants the caller may see (valid authorisation, not merged, not erased)."""

    serializer_class = ParticipantSerializer
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Person]:
        params: dict[str, Any] = {}
        raw = self.request.query_params
        if raw.get("programme", "").isdigit():
            params["programme"] = (
                selectors.programmes_for(user=self.request.user)
                .filter(pk=int(raw["programme"]))
                .first()
            )
            if params["programme"] is None:
                return Person.objects.none()
        if raw.get("zone", "").isdigit():
            params["zone_id"] = int(raw["zone"])
        return selectors.people_list(user=self.request.user, **params).order_by("code")
