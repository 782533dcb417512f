from django.urls import path

from catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.problem_list, name="problem_list"),
    path("problems/<int:pk>/", views.problem_detail, name="problem_detail"),
    path("problems/<int:pk>-<slug:slug>/", views.problem_detail, name="problem_detail_slug"),
    path("paths/<slug:slug>/", views.path_detail, name="path_detail"),
    path("datasets/", views.dataset_list, name="dataset_list"),
    path("datasets/<str:dataset_id>/", views.dataset_detail, name="dataset_detail"),
    path("datasets/<str:dataset_id>/tables/<str:table>/preview", views.table_preview, name="table_preview"),
]
