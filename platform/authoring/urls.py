from django.urls import path

from authoring import views

app_name = "authoring"
urlpatterns = [
    path("teach/problems/", views.problem_list, name="list"),
    path("teach/problems/new", views.problem_new, name="new"),
    path("teach/problems/preview", views.statement_preview, name="preview"),
    path("teach/problems/<int:pk>/", views.problem_edit, name="edit"),
    path("teach/problems/<int:pk>/unpublish", views.problem_unpublish, name="unpublish"),
]
