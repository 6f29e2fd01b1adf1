"""Root URLs: each app mounts its own pages and API."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from redpaz.fieldwork import views as fieldwork_views
from redpaz.web import views

web_patterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
]

urlpatterns = [
    path("", include((web_patterns, "web"))),
    path("accounts/", include("redpaz.accounts.urls")),
    path("territory/", include("redpaz.territory.urls")),
    path("notifications/", include("redpaz.notifications.urls")),
    path("strategy/", include("redpaz.strategy.urls")),
    path("observatory/", include("redpaz.observatory.urls")),
    path("observatory/", include("redpaz.atlas.urls")),
    path("public/", include("redpaz.atlas.public_urls")),
    path("jobs/", include("redpaz.jobs.urls")),
    path("governance/", include("redpaz.governance.urls")),
    path("fieldwork/", include("redpaz.fieldwork.urls")),
    # The field form's service worker and manifest: served from the root so the worker may
    # control every page of the site it caches (a worker's scope is its own URL's folder).
    path("sw.js", fieldwork_views.service_worker, name="service-worker"),
    path("manifest.webmanifest", fieldwork_views.manifest, name="web-manifest"),
    path("participants/", include("redpaz.participants.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("redpaz.web.api_urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

admin.site.site_header = "RedPaz"
admin.site.site_title = "RedPaz"
