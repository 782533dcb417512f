from django.urls import path

from datamgmt import views

app_name = "datamgmt"
urlpatterns = [
    path("", views.dataset_list, name="dataset_list"),
    path("upload", views.upload, name="upload"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/status", views.job_status, name="job_status"),
    path("<str:dataset_id>/", views.dataset_detail, name="dataset_detail"),
    path("<str:dataset_id>/rebuild", views.rebuild, name="rebuild"),
]
