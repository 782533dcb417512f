"""When a problem's reference solutions open: on solving, or after `reveal_after` attempts that really tried
(they ran and returned the expected columns), and never while an assignment that includes the problem is
still due for one of the learner's cohorts. Attempts are graded by the real SQL grader, in this process."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from catalog import data
from catalog.models import Problem
from grader import ExpectedCache, Grader, Limits
from grader.runners import Refusing
from grader.sql_runner import SqlRunner
from submissions import grading
from submissions.models import Submission
from teaching.models import Assignment
from tests.teaching.cast import assignment_for

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def runner():
    r = SqlRunner(Limits())
    yield r
    r.close()


@pytest.fixture
def graded_here(monkeypatch, runner, catalog_loaded):
    """SQL graded in this process against the session's lite data."""
    monkeypatch.setattr(data, "_grader", Grader(sql=runner, python=Refusing("SQL only here"), cache=ExpectedCache()))


@pytest.fixture
def problem(graded_here) -> Problem:
    return Problem.objects.exclude(solution_sql="").order_by("id").first()


def attempt(learner, problem: Problem, code: str) -> Submission:
    submission = Submission.objects.create(learner=learner, problem=problem, code=code, language="sql")
    grading.grade_stored(submission.pk)
    submission.refresh_from_db()
    return submission


def no_rows_of(problem: Problem, n: int) -> str:
    """A genuine wrong answer: the reference's columns, but none of its rows."""
    reference = problem.solution_sql.strip().rstrip(";")
    return f"SELECT * FROM (\n{reference}\n) AS attempt_{n} WHERE false"


def solutions_shown(client, problem: Problem) -> bool:
    content = client.get(reverse("catalog:problem_detail", args=[problem.pk])).content.decode()
    return escape(problem.solution_sql) in content


def test_junk_attempts_that_return_the_wrong_columns_do_not_open_the_solutions(client, ada, problem):
    for n in range(problem.reveal_after):
        junk = attempt(ada, problem, f"SELECT {n}")
        assert junk.verdict == "WRONG_ANSWER", junk.message
    assert not solutions_shown(client, problem)


def test_junk_attempts_say_they_do_not_count_on_the_page(client, ada, problem):
    attempt(ada, problem, "SELECT 0")
    content = client.get(reverse("catalog:problem_detail", args=[problem.pk])).content.decode()
    assert f"after {problem.reveal_after} attempts that return the expected columns (0 so far)" in content


def test_errors_do_not_count_as_attempts(client, ada, problem):
    for n in range(problem.reveal_after):
        failed = attempt(ada, problem, f"SELECT no_such_column_{n} FROM no_such_table")
        assert failed.verdict == "ERROR", failed.message
    assert not solutions_shown(client, problem)


def test_genuine_wrong_attempts_with_the_expected_columns_open_the_solutions(client, ada, problem):
    for n in range(problem.reveal_after - 1):
        assert attempt(ada, problem, no_rows_of(problem, n)).verdict == "WRONG_ANSWER"
    assert not solutions_shown(client, problem)
    attempt(ada, problem, no_rows_of(problem, problem.reveal_after))
    assert solutions_shown(client, problem)


def assign(learner, problem: Problem, opens: dt.timedelta, due: dt.timedelta) -> Assignment:
    assignment = assignment_for([learner], [(problem, 10)])
    now = timezone.now()
    Assignment.objects.filter(pk=assignment.pk).update(opens_at=now + opens, due_at=now + due)
    return assignment


def test_an_open_assignment_keeps_the_solutions_closed_after_genuine_attempts(client, ada, problem):
    assign(ada, problem, opens=-dt.timedelta(days=1), due=dt.timedelta(days=6))
    for n in range(problem.reveal_after):
        attempt(ada, problem, no_rows_of(problem, n))
    content = client.get(reverse("catalog:problem_detail", args=[problem.pk])).content.decode()
    assert not solutions_shown(client, problem)
    assert "until the assignment" in content


def test_an_open_assignment_keeps_the_solutions_closed_even_once_solved(client, ada, problem):
    assign(ada, problem, opens=-dt.timedelta(days=1), due=dt.timedelta(days=6))
    assert attempt(ada, problem, problem.solution_sql).verdict == "ACCEPTED"
    content = client.get(reverse("catalog:problem_detail", args=[problem.pk])).content.decode()
    assert not solutions_shown(client, problem)
    if problem.why_it_matters:  # the note on the episode is the learner's own reward, not the answer
        assert escape(problem.why_it_matters) in content


def test_an_assignment_not_yet_open_also_keeps_them_closed(client, ada, problem):
    assign(ada, problem, opens=dt.timedelta(days=2), due=dt.timedelta(days=9))
    assert attempt(ada, problem, problem.solution_sql).verdict == "ACCEPTED"
    assert not solutions_shown(client, problem)


def test_the_solutions_open_once_the_assignment_is_past_due(client, ada, problem):
    assign(ada, problem, opens=-dt.timedelta(days=9), due=-dt.timedelta(hours=1))
    assert attempt(ada, problem, problem.solution_sql).verdict == "ACCEPTED"
    assert solutions_shown(client, problem)


def test_an_assignment_for_a_cohort_the_learner_is_not_in_changes_nothing(client, ada, problem, django_user_model):
    other = django_user_model.objects.create_user(username="bea", password="pw-for-tests")
    assign(other, problem, opens=-dt.timedelta(days=1), due=dt.timedelta(days=6))
    assert attempt(ada, problem, problem.solution_sql).verdict == "ACCEPTED"
    assert solutions_shown(client, problem)
