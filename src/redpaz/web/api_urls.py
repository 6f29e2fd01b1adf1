"""The REST API: one router, each app registers its endpoints."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from redpaz.territory.api import TerritoryViewSet

router = DefaultRouter()
router.register("territories", TerritoryViewSet, basename="territory")

urlpatterns = [
    path("", include(router.urls)),
]
