from django.urls import path

from redpaz.strategy.views import indicators, iptt, population, results, strategies, structure

app_name = "strategy"

RESULT = "<int:pk>/indicators/<int:indicator_pk>/results/<str:period>/"

urlpatterns = [
    path("", strategies.strategy_list, name="list"),
    path("new/", strategies.strategy_create, name="create"),
    path("<int:pk>/", strategies.strategy_detail, name="detail"),
    path("<int:pk>/edit/", strategies.strategy_edit, name="edit"),
    path("<int:pk>/zones.geojson", strategies.strategy_zones, name="zones"),
    path("<int:pk>/recompute/", strategies.strategy_recompute, name="recompute"),
    path("<int:pk>/iptt/", iptt.iptt, name="iptt"),
    path("<int:pk>/population/", population.population, name="population"),
    path("<int:pk>/structure/", structure.structure, name="structure"),
    path("<int:pk>/components/new/", structure.component_edit, name="component-create"),
    path(
        "<int:pk>/components/<int:component_pk>/edit/",
        structure.component_edit,
        name="component-edit",
    ),
    path(
        "<int:pk>/components/<int:component_pk>/delete/",
        structure.component_delete,
        name="component-delete",
    ),
    path("<int:pk>/programmes/new/", structure.programme_edit, name="programme-create"),
    path(
        "<int:pk>/programmes/<int:programme_pk>/edit/",
        structure.programme_edit,
        name="programme-edit",
    ),
    path(
        "<int:pk>/programmes/<int:programme_pk>/delete/",
        structure.programme_delete,
        name="programme-delete",
    ),
    path("<int:pk>/activities/new/", structure.activity_edit, name="activity-create"),
    path(
        "<int:pk>/activities/<int:activity_pk>/edit/",
        structure.activity_edit,
        name="activity-edit",
    ),
    path(
        "<int:pk>/activities/<int:activity_pk>/delete/",
        structure.activity_delete,
        name="activity-delete",
    ),
    path("<int:pk>/indicators/new/", indicators.indicator_edit, name="indicator-create"),
    path("<int:pk>/indicators/<int:indicator_pk>/", indicators.indicator_detail, name="indicator"),
    path(
        "<int:pk>/indicators/<int:indicator_pk>/edit/",
        indicators.indicator_edit,
        name="indicator-edit",
    ),
    path(
        "<int:pk>/indicators/<int:indicator_pk>/targets/",
        indicators.indicator_targets,
        name="indicator-targets",
    ),
    path(
        "<int:pk>/indicators/<int:indicator_pk>/disaggregations/",
        indicators.indicator_disaggregations,
        name="indicator-disaggregations",
    ),
    path(
        "<int:pk>/indicators/<int:indicator_pk>/baseline/",
        indicators.indicator_baseline,
        name="indicator-baseline",
    ),
    path(
        "<int:pk>/indicators/<int:indicator_pk>/recompute/",
        indicators.indicator_recompute,
        name="indicator-recompute",
    ),
    path(
        "<int:pk>/indicators/<int:indicator_pk>/review-all/",
        indicators.indicator_review_all,
        name="indicator-review-all",
    ),
    path(
        "<int:pk>/indicators/<int:indicator_pk>/approve-all/",
        indicators.indicator_approve_all,
        name="indicator-approve-all",
    ),
    path(
        "<int:pk>/indicators/<int:indicator_pk>/delete/",
        indicators.indicator_delete,
        name="indicator-delete",
    ),
    path(RESULT, results.result_detail, name="result"),
    path(RESULT + "evidence/", results.result_evidence, name="result-evidence"),
    path(RESULT + "records/", results.result_records, name="result-records"),
    path(RESULT + "<str:action>/", results.result_action, name="result-action"),
]
