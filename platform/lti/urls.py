from django.urls import path

from lti import views

app_name = "lti"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("launch/", views.launch, name="launch"),
    path("jwks/", views.jwks, name="jwks"),
    path("links/<int:pk>/map", views.map_link, name="map_link"),
]
