from django.contrib import admin
from django.urls import include, path

from accounts import token_views
from accounts.urls import manage_patterns as manage_users

urlpatterns = [
    path("", include("catalog.urls")),
    path("", include("submissions.urls")),
    path("", include("teaching.urls")),
    path("", include("authoring.urls")),
    path("manage/datasets/", include("datamgmt.urls")),
    path("lti/", include("lti.urls")),
    path("accounts/", include("accounts.urls")),
    path("account/tokens/", token_views.token_list, name="account_tokens"),
    path("account/tokens/<int:pk>/revoke", token_views.token_revoke, name="account_token_revoke"),
    path("api/", include("api.urls")),
    path("manage/users/", include(manage_users)),
    path("admin/", admin.site.urls),
]
