"""Who wrote a problem in the web UI. Problems from files have no authorship; web problems take ids
from WEB_IDS_START up, so they never collide with the design's file-numbered problems."""

from django.conf import settings
from django.db import models

from catalog.models import FILE_PROBLEM_IDS_END

WEB_IDS_START = FILE_PROBLEM_IDS_END + 1


class Authorship(models.Model):
    problem = models.OneToOneField("catalog.Problem", on_delete=models.CASCADE, primary_key=True,
                                   related_name="authorship")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="authored")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
