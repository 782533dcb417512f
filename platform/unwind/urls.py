from django.contrib import admin
from django.urls import include, path

from accounts.urls import manage_patterns as manage_users

urlpatterns = [
    path("", include("catalog.urls")),
    path("", include("submissions.urls")),
    path("", include("teaching.urls")),
    path("", include("authoring.urls")),
    path("manage/datasets/", include("datamgmt.urls")),
    path("lti/", include("lti.urls")),
    path("accounts/", include("accounts.urls")),
    path("manage/users/", include(manage_users)),
    path("admin/", admin.site.urls),
]
