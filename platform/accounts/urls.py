from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]

# Admin pages, namespaced (included again under /manage/users/ by the project's urls).
manage_patterns = ([
    path("", views.user_list, name="user_list"),
    path("<int:pk>", views.user_update, name="user_update"),
], "accounts")
