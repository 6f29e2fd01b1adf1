from django.urls import path

from redpaz.governance.views import (
    bodies,
    calendar,
    commitments,
    committees,
    session_parts,
    sessions,
)

app_name = "governance"

SESSION = "sessions/<int:pk>/"

urlpatterns = [
    path("", committees.home, name="home"),
    path("committees/new/", committees.committee_create, name="committee-create"),
    path("committees/<int:pk>/", committees.committee_detail, name="committee"),
    path("committees/<int:pk>/edit/", committees.committee_edit, name="committee-edit"),
    path("committees/<int:pk>/members/new/", committees.member_edit, name="member-create"),
    path(
        "committees/<int:pk>/members/<int:member_pk>/edit/",
        committees.member_edit,
        name="member-edit",
    ),
    path(
        "committees/<int:pk>/members/<int:member_pk>/remove/",
        committees.member_remove,
        name="member-remove",
    ),
    path("committees/<int:pk>/generate/", committees.sessions_generate, name="generate"),
    path("committees/<int:pk>/sessions/new/", committees.session_create, name="session-create"),
    path(SESSION, sessions.session_detail, name="session"),
    path(SESSION + "edit/", sessions.session_edit, name="session-edit"),
    path(SESSION + "minutes/", sessions.session_minutes, name="session-minutes"),
    path(SESSION + "attendance/", sessions.session_attendance, name="session-attendance"),
    path(SESSION + "acta.pdf", sessions.session_acta, name="session-acta"),
    path(SESSION + "agenda/", session_parts.agenda_add, name="agenda-add"),
    path(
        SESSION + "agenda/<int:item_pk>/edit/",
        session_parts.agenda_item_edit,
        name="agenda-edit",
    ),
    path(
        SESSION + "agenda/<int:item_pk>/remove/",
        session_parts.agenda_item_remove,
        name="agenda-remove",
    ),
    path(SESSION + "decisions/", session_parts.decision_add, name="decision-add"),
    path(
        SESSION + "decisions/<int:decision_pk>/delete/",
        session_parts.decision_delete,
        name="decision-delete",
    ),
    path(SESSION + "commitments/new/", session_parts.commitment_create, name="commitment-create"),
    path(SESSION + "attachments/", session_parts.attachment_upload, name="attachment-upload"),
    path(
        SESSION + "attachments/<int:attachment_pk>/",
        session_parts.attachment_download,
        name="attachment",
    ),
    path(
        SESSION + "attachments/<int:attachment_pk>/delete/",
        session_parts.attachment_delete,
        name="attachment-delete",
    ),
    path(SESSION + "<str:action>/", sessions.session_action, name="session-action"),
    path("commitments/", commitments.commitment_list, name="commitments"),
    path("commitments/<int:pk>/", commitments.commitment_detail, name="commitment"),
    path(
        "commitments/<int:pk>/evidence/",
        commitments.commitment_evidence,
        name="commitment-evidence",
    ),
    path("calendar/", calendar.month, name="calendar"),
    path("calendar/subscribe/", calendar.subscribe, name="subscribe"),
    path("calendar/public.ics", calendar.public_feed, name="public-feed"),
    path("calendar/feed/<str:token>.ics", calendar.feed, name="feed"),
    path("bodies/", bodies.body_list, name="bodies"),
    path("bodies/new/", bodies.body_edit, name="body-create"),
    path("bodies/<int:pk>/", bodies.body_detail, name="body"),
    path("bodies/<int:pk>/edit/", bodies.body_edit, name="body-edit"),
    path("bodies/<int:pk>/assess/", bodies.body_assess, name="body-assess"),
]
