from django.apps import AppConfig


class AuthoringConfig(AppConfig):
    name = "authoring"
    verbose_name = "Authoring problems in the web UI"
    default_auto_field = "django.db.models.BigAutoField"
