"""A learner's progress: solved counts by dataset, topic and difficulty, streak, and solved over time."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Min
from django.db.models.functions import TruncDate

from catalog.models import Problem
from submissions.models import Submission


@dataclass
class Tally:
    label: str
    solved: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.solved / self.total) if self.total else 0


@dataclass
class Progress:
    solved: int
    total: int
    by_dataset: list[Tally]
    by_topic: list[Tally]
    by_difficulty: list[Tally]
    streak_days: int
    active_days: int
    timeline: list[tuple[dt.date, int]] = field(default_factory=list)  # (day, solved so far), to today


def progress_for(user, today: dt.date | None = None) -> Progress:
    today = today or dt.datetime.now(dt.UTC).date()
    problems = list(Problem.objects.filter(is_published=True).values_list("id", "dataset_id", "topics", "difficulty"))
    first_solved = dict(
        Submission.objects.filter(learner=user, verdict="ACCEPTED")
        .values("problem_id").annotate(first=Min("created_at")).values_list("problem_id", "first")
    )
    days = set(
        Submission.objects.filter(learner=user).annotate(day=TruncDate("created_at"))
        .values_list("day", flat=True).distinct()
    )

    def tally(key_of) -> list[Tally]:
        totals, solved = Counter(), Counter()
        for pid, dataset, topics, difficulty in problems:
            for key in key_of(dataset, topics, difficulty):
                totals[key] += 1
                solved[key] += pid in first_solved
        return [Tally(k, solved[k], totals[k]) for k in sorted(totals, key=lambda k: (-totals[k], k))]

    order = {d: i for i, d in enumerate(Problem.Difficulty.values)}
    by_difficulty = sorted(tally(lambda d, t, diff: [diff]), key=lambda x: order[x.label])
    published = {pid for pid, *_ in problems}
    solved_days = sorted(ts.date() for pid, ts in first_solved.items() if pid in published)
    # The chart starts at zero the day before the first solve and runs to today.
    timeline, running = [], 0
    for day, count in sorted(Counter(solved_days).items()):
        if not timeline:
            timeline.append((day - dt.timedelta(days=1), 0))
        running += count
        timeline.append((day, running))
    if timeline and timeline[-1][0] < today:
        timeline.append((today, running))
    return Progress(
        solved=sum(1 for pid in published if pid in first_solved),
        total=len(published),
        by_dataset=tally(lambda d, t, diff: [d]),
        by_topic=tally(lambda d, t, diff: t)[:12],
        by_difficulty=by_difficulty,
        streak_days=_streak(days, today),
        active_days=len(days),
        timeline=timeline,
    )


def _streak(days: set[dt.date], today: dt.date) -> int:
    """Consecutive days with a submission, ending today (or yesterday, so a streak survives until tonight)."""
    day = today if today in days else today - dt.timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= dt.timedelta(days=1)
    return streak


def timeline_svg_points(timeline: list[tuple[dt.date, int]], width: int = 560, height: int = 160) -> str:
    """Polyline points for the solved-over-time chart (server-drawn SVG: no chart library needed)."""
    if not timeline:
        return ""
    start, end = timeline[0][0], timeline[-1][0]
    span = max((end - start).days, 1)
    top = max(max(n for _, n in timeline), 1)
    points = [(0.0, float(height))]
    for day, n in timeline:
        x = width * (day - start).days / span
        points.append((x, points[-1][1]))
        points.append((x, height - height * n / top))
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points[1:])
