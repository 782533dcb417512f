from django.apps import AppConfig


class TeachingConfig(AppConfig):
    name = "teaching"
    verbose_name = "Teaching: problem sets, cohorts, assignments, gradebook"
    default_auto_field = "django.db.models.BigAutoField"
