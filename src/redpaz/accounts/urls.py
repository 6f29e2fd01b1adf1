from django.contrib.auth import views as auth_views
from django.urls import include, path

from redpaz.accounts import audit_views, views

accounts_patterns = [
    path("me/", views.profile, name="profile"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
    path("memberships/<int:pk>/", views.membership_edit, name="membership-edit"),
    path("memberships/<int:pk>/revoke/", views.membership_revoke, name="membership-revoke"),
    path("audit/", audit_views.audit_log, name="audit-log"),
]

urlpatterns = [
    path("", include((accounts_patterns, "accounts"))),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]
