from django.urls import path

from redpaz.atlas import public_views

app_name = "public"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("<str:code>/", public_views.municipality, name="municipality"),
]
