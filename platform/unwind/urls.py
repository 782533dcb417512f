from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("catalog.urls")),
    path("", include("submissions.urls")),
    path("", include("teaching.urls")),
    path("", include("authoring.urls")),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
]
