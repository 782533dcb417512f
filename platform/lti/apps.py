from django.apps import AppConfig


class LtiConfig(AppConfig):
    name = "lti"
    verbose_name = "LTI 1.3: launches from an LMS and grade passback"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lti import signals  # noqa: F401  (connects the grade passback to the grading tasks)
