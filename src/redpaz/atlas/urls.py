from django.urls import path

from redpaz.atlas import compare_views, priority_views, profile_views, views

app_name = "atlas"

urlpatterns = [
    path("map/", views.map_page, name="map"),
    path("map/geojson/", views.map_geojson, name="map-geojson"),
    path("map/download/", views.map_download, name="map-download"),
    path("places/<str:code>/", profile_views.place, name="place"),
    path("zones/<int:pk>/", profile_views.zone, name="zone"),
    path("reports/<str:code>/", profile_views.report, name="report"),
    path("compare/", compare_views.compare, name="compare"),
    path("priorities/", priority_views.prioritise, name="prioritise"),
    path("priorities/<int:pk>/", priority_views.detail, name="prioritisation"),
]
