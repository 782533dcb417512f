from django.conf import settings
from django.db import models


class DatasetJob(models.Model):
    """Background work on a dataset, stored before it is queued so the page can show its progress:
    a rebuild of a built-in dataset, or a re-validation of the problems on a dataset with a new version."""

    class Kind(models.TextChoices):
        REBUILD = "rebuild", "Rebuild"
        VALIDATE = "validate", "Re-validate problems"

    class Status(models.TextChoices):
        QUEUED = "QUEUED", "Queued"
        RUNNING = "RUNNING", "Running"
        DONE = "DONE", "Done"
        FAILED = "FAILED", "Failed"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    dataset_id = models.CharField(max_length=8)
    profile = models.CharField(max_length=16, default="lite")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # 0-100
    message = models.CharField(max_length=500, blank=True)
    # {"built": [ids], "checked": n, "broken": [{"id", "title", "failures": [...]}]}
    result = models.JSONField(default=dict, blank=True)
    attempt = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Written every few seconds while an attempt runs (jobs.heartbeat): a stale one means its worker died.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.dataset_id} ({self.status})"

    @property
    def is_final(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
