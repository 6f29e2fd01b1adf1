"""Governance API: committees, their sessions (agenda, quorum, decisions) and commitments.

Reads go through the same access as the pages (a private committee is invisible to those who
may not see it); following a commitment up goes through the same service as the page.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DrfValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from redpaz.governance import selectors, services
from redpaz.governance.access import can_follow_up, committee_access
from redpaz.governance.measures import quorum_checks
from redpaz.governance.models import Commitment, Committee, CommitteeMember, Session


class MemberSerializer(serializers.ModelSerializer[CommitteeMember]):
    organisation = serializers.CharField(source="organisation.name", default=None)

    class Meta:
        model = CommitteeMember
        fields = [
            "id",
            "name",
            "position",
            "organisation",
            "dependency",
            "role",
            "has_vote",
            "alternate_of",
            "start",
            "end",
        ]
        read_only_fields = fields


class CommitteeSerializer(serializers.ModelSerializer[Committee]):
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    municipality_code = serializers.CharField(source="municipality.code", read_only=True)
    zones = serializers.SerializerMethodField()
    members = MemberSerializer(many=True, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Committee
        fields = [
            "id",
            "name",
            "kind",
            "purpose",
            "organisation",
            "strategy",
            "municipality_code",
            "zones",
            "is_public",
            "frequency",
            "week_of_month",
            "weekday",
            "day_of_month",
            "start_time",
            "duration_minutes",
            "place",
            "quorum_rule",
            "quorum_fixed",
            "members",
            "url",
        ]
        read_only_fields = fields

    def get_zones(self, committee: Committee) -> list[dict[str, Any]]:
        return [{"id": z.pk, "code": z.code, "name": z.name} for z in committee.zones.all()]


class SessionSerializer(serializers.ModelSerializer[Session]):
    acta = serializers.CharField(source="acta_label", read_only=True)
    agenda = serializers.SerializerMethodField()
    quorum = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "committee",
            "kind",
            "status",
            "starts_at",
            "ends_at",
            "planned_on",
            "moved_reason",
            "place",
            "acta",
            "agenda",
            "quorum",
            "decisions",
            "url",
        ]
        read_only_fields = fields

    def get_agenda(self, session: Session) -> list[dict[str, Any]]:
        return [
            {"order": i.order, "title": i.title, "kind": i.kind, "notes": i.notes}
            for i in session.agenda.all()
            if not i.dismissed
        ]

    def get_quorum(self, session: Session) -> dict[str, Any]:
        # A list computes the quorums of its page at once (SessionViewSet.get_serializer).
        check = self.context.get("quorums", {}).get(session.pk) or selectors.quorum_of(session)
        return {
            "rule": check.rule,
            "seats_with_vote": check.seats,
            "present": check.present,
            "required": check.required,
            "reached": check.reached,
        }

    def get_decisions(self, session: Session) -> list[str]:
        return [d.text for d in session.decisions.all()]


class CommitmentSerializer(serializers.ModelSerializer[Commitment]):
    committee = serializers.IntegerField(source="session.committee_id", read_only=True)
    owner_organisation = serializers.CharField(source="owner_organisation.name", default=None)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "committee",
            "session",
            "agenda_item",
            "description",
            "owner_name",
            "owner_organisation",
            "owner_dependency",
            "due_date",
            "status",
            "completed_on",
            "evidence",
            "evidence_url",
            "component",
            "programme",
            "indicator",
            "url",
        ]
        read_only_fields = fields


class FollowUpSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=Commitment.Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    completed_on = serializers.DateField(required=False, allow_null=True, default=None)
    evidence = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    evidence_url = serializers.URLField(required=False, allow_blank=True, allow_null=True)


class CommitteeViewSet(viewsets.ReadOnlyModelViewSet[Committee]):
    """Committees the caller may see, with their members."""

    serializer_class = CommitteeSerializer

    def get_queryset(self) -> QuerySet[Committee]:
        return (
            selectors.committees_visible(self.request.user)
            .prefetch_related("zones", "members__organisation")
            .order_by("name")
        )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("committee", int),
            OpenApiParameter("from", str, description="YYYY-MM-DD"),
            OpenApiParameter("to", str, description="YYYY-MM-DD"),
        ]
    )
)
class SessionViewSet(viewsets.ReadOnlyModelViewSet[Session]):
    """Sessions of the committees the caller may see."""

    serializer_class = SessionSerializer

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("many") and args:
            sessions = list(args[0])
            context = kwargs.setdefault("context", self.get_serializer_context())
            context["quorums"] = quorum_checks(sessions)
            args = (sessions, *args[1:])
        return super().get_serializer(*args, **kwargs)

    def get_queryset(self) -> QuerySet[Session]:
        qs = selectors.sessions_visible(self.request.user).prefetch_related(
            "agenda", "decisions", "attendance"
        )
        params = self.request.query_params
        if params.get("committee", "").isdigit():
            qs = qs.filter(committee_id=int(params["committee"]))
        try:
            if params.get("from"):
                qs = qs.filter(starts_at__date__gte=params["from"])
            if params.get("to"):
                qs = qs.filter(starts_at__date__lte=params["to"])
        except ValidationError as exc:
            raise DrfValidationError(exc.messages) from exc
        return qs.order_by("starts_at")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("committee", int),
            OpenApiParameter("status", str, enum=Commitment.Status.values),
            OpenApiParameter("mine", bool),
        ]
    )
)
class CommitmentViewSet(viewsets.ReadOnlyModelViewSet[Commitment]):
    """Commitments of the committees the caller may see, and those the caller owns."""

    serializer_class = CommitmentSerializer

    def get_queryset(self) -> QuerySet[Commitment]:
        qs = selectors.commitments_visible(self.request.user)
        params = self.request.query_params
        if params.get("committee", "").isdigit():
            qs = qs.filter(session__committee_id=int(params["committee"]))
        if params.get("status") in Commitment.Status.values:
            qs = qs.filter(status=params["status"])
        if params.get("mine") in ("1", "true"):
            qs = qs.filter(owner_user_id=self.request.user.pk)
        return qs.order_by("due_date", "pk")

    @extend_schema(request=FollowUpSerializer, responses={200: CommitmentSerializer})
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request: Request, pk: str | None = None) -> Response:
        """Change the status (done needs evidence; cancelled needs a note)."""
        commitment = self.get_object()
        access = committee_access(request.user, commitment.session.committee)
        if not can_follow_up(request.user, commitment, access):
            raise PermissionDenied
        data = FollowUpSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            services.commitment_update(
                commitment=commitment,
                user=request.user,
                change=services.Change(
                    status=values["status"],
                    note=values["note"],
                    completed_on=values["completed_on"],
                    evidence=values.get("evidence"),
                    evidence_url=values.get("evidence_url"),
                ),
            )
        except ValidationError as exc:
            detail: Any = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            raise DrfValidationError(detail) from exc
        return Response(CommitmentSerializer(commitment).data)
