"""Grading health for admins: what is waiting now, and how fast verdicts came over the last hour.

Read from the submissions table alone (the database holds every verdict and its timestamps), so the
page tells the truth whichever broker or worker is down.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from submissions.models import Submission
from submissions.sweeper import overdue

WINDOW = timedelta(hours=1)
LABELS = dict(Submission.VERDICTS)  # "WRONG_ANSWER" -> "Wrong Answer"
SAMPLE = 20_000  # the newest verdicts of the window that the percentiles are computed over


@dataclass(frozen=True)
class Latency:
    language: str
    graded: int
    p50_ms: float
    p95_ms: float
    max_ms: float


@dataclass(frozen=True)
class GradingHealth:
    queued: int
    running: int
    oldest_waiting_s: float | None
    overdue: int  # what the sweeper will queue again or fail on its next pass
    latencies: list[Latency]
    verdicts: dict[str, int]  # by label, most frequent first
    internal_errors: int

    @property
    def healthy(self) -> bool:
        return self.overdue == 0 and self.internal_errors == 0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def grading_health(now=None) -> GradingHealth:
    """The grading queue now and the verdicts of the last hour."""
    now = now or timezone.now()
    waiting = Submission.objects.exclude(status=Submission.Status.DONE)
    oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
    finished = (Submission.objects.filter(status=Submission.Status.DONE, finished_at__gte=now - WINDOW)
                .order_by("-finished_at").values_list("language", "verdict", "created_at", "finished_at")[:SAMPLE])
    by_language: dict[str, list[float]] = defaultdict(list)
    verdicts: Counter = Counter()
    for language, verdict, created, done in finished:
        by_language[language].append((done - created).total_seconds() * 1000)
        verdicts[LABELS.get(verdict, verdict)] += 1
    return GradingHealth(
        queued=waiting.filter(status=Submission.Status.QUEUED).count(),
        running=waiting.filter(status=Submission.Status.RUNNING).count(),
        oldest_waiting_s=(now - oldest).total_seconds() if oldest else None,
        overdue=overdue(now).count(),
        latencies=[Latency(language, len(ms), percentile(ms, 0.5), percentile(ms, 0.95), max(ms))
                   for language, ms in sorted(by_language.items())],
        verdicts=dict(verdicts.most_common()),
        internal_errors=verdicts.get(LABELS["INTERNAL_ERROR"], 0),
    )
