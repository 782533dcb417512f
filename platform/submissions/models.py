from django.conf import settings
from django.db import models
from django.utils import timezone

from grader import Verdict


class Submission(models.Model):
    """One learner's answer to one problem. Stored before it is queued; always reaches a verdict.

    The web process writes it once (QUEUED); the worker claims it (RUNNING, attempt + 1) and writes
    the verdict only while its attempt still owns the row, so saves name their fields.
    """

    class Status(models.TextChoices):
        QUEUED = "QUEUED"
        RUNNING = "RUNNING"
        DONE = "DONE"

    VERDICTS = [(v.value, v.value.replace("_", " ").title()) for v in Verdict]

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions")
    problem = models.ForeignKey("catalog.Problem", on_delete=models.PROTECT, related_name="submissions")
    language = models.CharField(max_length=8)
    code = models.TextField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempt = models.PositiveSmallIntegerField(default=0)
    verdict = models.CharField(max_length=16, choices=VERDICTS, blank=True)
    message = models.TextField(blank=True)
    diff = models.JSONField(null=True, blank=True)
    elapsed_ms = models.FloatField(null=True, blank=True)
    timings = models.JSONField(default=dict, blank=True)
    # What the verdict was graded against, so a dispute or a regrade can be traced.
    problem_version = models.CharField(max_length=32, blank=True)
    dataset_hashes = models.JSONField(default=dict, blank=True)
    grader_version = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # A regrade (after an instructor changed a problem) keeps what the verdict was before it.
    previous_verdict = models.CharField(max_length=16, blank=True)
    regraded_at = models.DateTimeField(null=True, blank=True)
    last_regrade_job = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["learner", "problem", "-created_at"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.problem_id} {self.status} {self.verdict}"

    @property
    def diff_chart(self) -> dict | None:
        """The chart spec (static/js/charts.js) of a wrong answer's expected-vs-yours series, if any."""
        series = (self.diff or {}).get("series")
        if not series:
            return None
        return {
            "kind": "line",
            "series": [{"name": "expected", "points": series["expected"]},
                       {"name": "yours", "points": series["actual"]}],
            "xLabel": series["x"], "yLabel": series["y"], "dashSecond": True,
        }

    @property
    def visible_ms(self) -> float | None:
        """How long the code ran on the visible data: the one time a learner is shown. A time on a hidden
        variant (and so the total, elapsed_ms) could be made to signal the hidden data."""
        value = (self.timings or {}).get("run_v0_ms")
        return float(value) if isinstance(value, int | float) else None

    @property
    def poll_delay_ms(self) -> int:
        """How long the page waits before asking for the status again: quick while a verdict is due any
        moment, slower as the submission ages (a long queue is not made longer by everyone polling it)."""
        age_s = (timezone.now() - self.created_at).total_seconds() if self.created_at else 0.0
        return 150 if age_s < 2 else 400 if age_s < 10 else 1000

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def accepted(self) -> bool:
        return self.verdict == Verdict.ACCEPTED.value


class Run(models.Model):
    """One press of *Run*: the learner's code on the visible data, executed by a worker, not the web.

    Stored so the page can poll it and so a flood of Runs is counted in one place. A Run is not graded
    and nothing depends on it: a lost one ends as "try again" past RUN_QUEUE_DEADLINE_S.
    """

    class Status(models.TextChoices):
        QUEUED = "QUEUED"
        RUNNING = "RUNNING"
        DONE = "DONE"

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="runs")
    problem = models.ForeignKey("catalog.Problem", on_delete=models.CASCADE, related_name="runs")
    language = models.CharField(max_length=8)
    code = models.TextField()
    explain = models.BooleanField(default=False)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    result = models.JSONField(null=True, blank=True)  # RunResult.to_jsonable(display_rows=...)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["learner", "status"]), models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"run #{self.pk} {self.problem_id} {self.status}"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def poll_delay_ms(self) -> int:
        age_s = (timezone.now() - self.created_at).total_seconds() if self.created_at else 0.0
        return 60 if age_s < 1 else 200 if age_s < 5 else 500


class RateCount(models.Model):
    """A rate-limit window's count, shared by every web process when there is no Redis (ratelimit.py)."""

    key = models.CharField(max_length=96, unique=True)
    window = models.PositiveBigIntegerField(db_index=True)  # minutes since the epoch
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}={self.count}"
