from django.urls import path

from redpaz.observatory import views

app_name = "observatory"

urlpatterns = [
    path("imports/", views.batch_list, name="batches"),
    path("imports/<int:pk>/", views.batch_detail, name="batch"),
    path("imports/<int:pk>/rollback/", views.batch_rollback_view, name="batch-rollback"),
    path("imports/new/policia/", views.upload_policia, name="upload-policia"),
    path("imports/new/points/", views.upload_points, name="upload-points"),
    path("imports/new/table/", views.upload_table, name="upload-table"),
    path("imports/review/", views.review_queue, name="review"),
    path("imports/review/<int:pk>/", views.review_decide, name="review-decide"),
]
