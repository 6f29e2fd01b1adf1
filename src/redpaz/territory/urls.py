from django.urls import path

from redpaz.territory import views

app_name = "territory"

urlpatterns = [
    path("", views.country, name="country"),
    path("zone/<int:pk>/", views.zone, name="zone"),
    path("<int:pk>/rename/", views.rename, name="rename"),
    path("<int:pk>/aliases/", views.alias_add, name="alias-add"),
    path("<int:pk>/aliases/<int:alias_pk>/delete/", views.alias_delete, name="alias-delete"),
    path("<str:code>/", views.divipola, name="divipola"),
]
