"""The Celery app. Tasks live in the platform apps and call the grader; messages carry ids only."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unwind.settings")

app = Celery("unwind")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
