from django.urls import path

from api.site import api

urlpatterns = [path("v1/", api.urls)]
