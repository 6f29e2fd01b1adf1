from django.urls import path

from redpaz.participants.views import consent, counts, duplicates, people, programmes

app_name = "participants"

PERSON = "people/<str:code>/"

urlpatterns = [
    path("", people.home, name="home"),
    path("export.<str:fmt>", people.export, name="export"),
    path("people/new/", people.person_create, name="person-create"),
    path(PERSON, people.person_detail, name="person"),
    path(PERSON + "edit/", people.person_edit, name="person-edit"),
    path(PERSON + "enrol/", people.enrol, name="enrol"),
    path(PERSON + "consent/", consent.consent, name="consent"),
    path(PERSON + "requests/", consent.requests, name="requests"),
    path(PERSON + "requests/<int:pk>/", consent.request_answer, name="request-answer"),
    path("enrolments/<int:pk>/", people.enrolment_update, name="enrolment"),
    path("programmes/", programmes.programme_list, name="programmes"),
    path("programmes/<int:pk>/", programmes.programme_detail, name="programme"),
    path("sessions/<int:pk>/attendance/", programmes.attendance, name="attendance"),
    path("duplicates/", duplicates.duplicate_list, name="duplicates"),
    path("duplicates/search/", duplicates.duplicate_search, name="duplicate-search"),
    path("duplicates/<int:pk>/", duplicates.duplicate_review, name="duplicate"),
    path("counts/", counts.counts, name="counts"),
]
