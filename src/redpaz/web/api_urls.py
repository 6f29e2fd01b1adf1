"""The REST API: one router, each app registers its endpoints."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from redpaz.fieldwork.api import InterventionViewSet, MediationViewSet, NeedViewSet
from redpaz.governance.api import CommitmentViewSet, CommitteeViewSet, SessionViewSet
from redpaz.jobs.api import JobViewSet
from redpaz.observatory.api import ImportBatchViewSet
from redpaz.participants.api import ParticipantViewSet
from redpaz.strategy.api import IndicatorViewSet, ResultViewSet, StrategyViewSet
from redpaz.territory.api import TerritoryViewSet

router = DefaultRouter()
router.register("territories", TerritoryViewSet, basename="territory")
router.register("strategies", StrategyViewSet, basename="strategy")
router.register("strategy-indicators", IndicatorViewSet, basename="strategy-indicator")
router.register("strategy-results", ResultViewSet, basename="strategy-result")
router.register("import-batches", ImportBatchViewSet, basename="import-batch")
router.register("jobs", JobViewSet, basename="job")
router.register("committees", CommitteeViewSet, basename="committee")
router.register("committee-sessions", SessionViewSet, basename="committee-session")
router.register("commitments", CommitmentViewSet, basename="commitment")
router.register("fieldwork/mediations", MediationViewSet, basename="fieldwork-mediation")
router.register("fieldwork/needs", NeedViewSet, basename="fieldwork-need")
router.register("fieldwork/interventions", InterventionViewSet, basename="fieldwork-intervention")
router.register("participants", ParticipantViewSet, basename="participant")

urlpatterns = [
    path("", include(router.urls)),
]
