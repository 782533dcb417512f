"""The progress dashboard: solved counts, streak, the solved-over-time chart, few queries."""

import datetime as dt

import pytest
from django.urls import reverse

from submissions.models import Submission
from submissions.progress import _streak, progress_for
from tests.factories import make_dataset, make_problem, make_user

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)


def at(day, **fields):
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


@pytest.fixture
def cast():
    bars = make_dataset("DX1", title="Bars")
    problems = [make_problem(bars, difficulty="easy", topics=["LAG"]),
                make_problem(bars, difficulty="hard", topics=["LAG", "gaps"]),
                make_problem(make_dataset("DX2"), difficulty="easy", topics=["joins"])]
    return make_user("ada"), make_user("ben"), problems


def solve(learner, problem, day, verdict="ACCEPTED"):
    s = Submission.objects.create(learner=learner, problem=problem, language="sql", code="SELECT 1",
                                  status="DONE", verdict=verdict)
    Submission.objects.filter(pk=s.pk).update(created_at=at(day))


def test_solved_counts_by_dataset_topic_and_difficulty_are_the_learners_own(cast):
    ada, ben, (p1, p2, p3) = cast
    solve(ada, p1, TODAY)
    solve(ada, p1, TODAY)  # solving twice counts once
    solve(ada, p2, TODAY, verdict="WRONG_ANSWER")
    solve(ben, p3, TODAY)
    progress = progress_for(ada, TODAY)
    assert (progress.solved, progress.total) == (1, 3)
    assert {t.label: (t.solved, t.total) for t in progress.by_dataset} == {"DX1": (1, 2), "DX2": (0, 1)}
    assert {t.label: (t.solved, t.total) for t in progress.by_topic}["LAG"] == (1, 2)
    assert [t.label for t in progress.by_difficulty] == ["easy", "hard"]


def test_the_timeline_accumulates_first_solves_by_day(cast):
    ada, _, (p1, p2, p3) = cast
    solve(ada, p1, TODAY - dt.timedelta(days=3))
    solve(ada, p2, TODAY - dt.timedelta(days=1))
    solve(ada, p3, TODAY - dt.timedelta(days=1))
    def day(**kw):
        return TODAY - dt.timedelta(**kw)

    assert progress_for(ada, TODAY).timeline == [(day(days=4), 0), (day(days=3), 1), (day(days=1), 3), (TODAY, 3)]


@pytest.mark.parametrize(
    ("offsets", "streak"),
    [((), 0), ((0,), 1), ((0, 1, 2), 3), ((1, 2), 2), ((0, 2, 3), 1), ((2, 3), 0)],
)
def test_the_streak_counts_consecutive_days_ending_today_or_yesterday(offsets, streak):
    assert _streak({TODAY - dt.timedelta(days=o) for o in offsets}, TODAY) == streak


def test_the_dashboard_renders_with_few_queries(client, cast, django_assert_max_num_queries):
    ada, _, (p1, *_) = cast
    solve(ada, p1, TODAY)
    client.force_login(ada)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("submissions:progress"))
    assert b"<polyline" in response.content
    assert b"1</span><span class=\"muted\">of 3 problems solved" in response.content
