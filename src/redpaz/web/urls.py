"""Root URLs: each app mounts its own pages and API."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

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
    path("jobs/", include("redpaz.jobs.urls")),
    path("governance/", include("redpaz.governance.urls")),
    path("participants/", include("redpaz.participants.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("redpaz.web.api_urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

admin.site.site_header = "RedPaz"
admin.site.site_title = "RedPaz"
