from django.urls import path

from submissions import views

app_name = "submissions"
urlpatterns = [
    path("problems/<int:pk>/run", views.run, name="run"),
    path("runs/<int:pk>", views.run_status, name="run_status"),
    path("problems/<int:pk>/submit", views.submit, name="submit"),
    path("submissions/", views.history, name="history"),
    path("progress/", views.progress, name="progress"),
    path("submissions/<int:pk>/", views.detail, name="detail"),
    path("submissions/<int:pk>/status", views.status, name="status"),
    path("healthz", views.healthz, name="healthz"),
    path("manage/grading/", views.grading_health, name="grading_health"),
]
