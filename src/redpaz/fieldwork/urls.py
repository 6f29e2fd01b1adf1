from django.urls import path

from redpaz.fieldwork import views

app_name = "fieldwork"

urlpatterns = [
    path("", views.home, name="home"),
    path("form/", views.form, name="form"),
    path("supervision/", views.supervision, name="supervision"),
    path("map.geojson", views.map_geojson, name="map"),
    path("mediations/<uuid:uuid>/", views.mediation, name="mediation"),
    path("interventions/<uuid:uuid>/", views.intervention, name="intervention"),
    path(
        "interventions/<uuid:uuid>/photo/<str:slot>/",
        views.intervention_photo,
        name="intervention-photo",
    ),
]
