"""Regrading a problem for a cohort after its reference changed: every submission is graded again,
verdicts change where they should, the job counts progress once per submission, and a redelivered
task changes nothing."""

import pytest
from django.utils import timezone

from catalog.models import Problem
from problems import load_all
from submissions.grading import grade_stored
from submissions.models import Submission
from teaching import regrade, tasks
from teaching.models import Assignment, RegradeJob
from tests.factories import make_user, sync_catalog
from tests.teaching.cast import assignment_for

pytestmark = pytest.mark.django_db

PROBLEM_3 = next(s for s in load_all() if s.id == 3)


@pytest.fixture
def graded(data_settings, monkeypatch):
    """Ada's accepted answer and bob's wrong one to problem 3, graded for real on the lite data."""
    monkeypatch.setattr("submissions.tasks.grade_submission.apply_async", lambda *a, **kw: None)
    sync_catalog()
    problem = Problem.objects.get(pk=3)
    ada, bob = make_user("ada"), make_user("bob")
    assignment = assignment_for([ada, bob], [(problem, 10)])
    Assignment.objects.filter(pk=assignment.pk).update(opens_at=timezone.now() - timezone.timedelta(days=1))
    assignment.refresh_from_db()
    wrong = next(m for m in PROBLEM_3.mistakes if m.name == "log10").code
    subs = [Submission.objects.create(learner=ada, problem=problem, code=PROBLEM_3.solutions["sql"], language="sql"),
            Submission.objects.create(learner=bob, problem=problem, code=wrong, language="sql")]
    for s in subs:
        grade_stored(s.pk)
    return assignment, problem, subs


def run_queued(monkeypatch) -> list:
    queued = []
    monkeypatch.setattr(tasks.regrade_submission, "delay", lambda job, sid: queued.append((job, sid)))
    return queued


def test_a_regrade_after_the_reference_changed_updates_verdicts_and_keeps_the_old_ones(
        graded, monkeypatch, django_capture_on_commit_callbacks):
    assignment, problem, (ada_sub, bob_sub) = graded
    assert [Submission.objects.get(pk=s.pk).verdict for s in (ada_sub, bob_sub)] == ["ACCEPTED", "WRONG_ANSWER"]
    # The instructor decides the log10 answer is what the problem meant (a new version of the problem).
    Problem.objects.filter(pk=3).update(solution_sql=bob_sub.code, version=problem.version + "-v2")
    queued = run_queued(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        job = regrade.start(assignment, 3, None)
    assert len(queued) == 2
    for job_id, sid in queued:
        tasks.regrade_submission(job_id, sid)
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.changed, job.percent) == ("DONE", 2, 2, 2, 100)
    ada_sub.refresh_from_db()
    bob_sub.refresh_from_db()
    assert (ada_sub.verdict, ada_sub.previous_verdict) == ("WRONG_ANSWER", "ACCEPTED")
    assert (bob_sub.verdict, bob_sub.previous_verdict) == ("ACCEPTED", "WRONG_ANSWER")


def test_a_redelivered_regrade_task_changes_nothing(graded, monkeypatch, django_capture_on_commit_callbacks):
    assignment, _, (ada_sub, _) = graded
    queued = run_queued(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        job = regrade.start(assignment, 3, None)
    for job_id, sid in queued:
        assert tasks.regrade_submission(job_id, sid) is True
    assert tasks.regrade_submission(job.pk, ada_sub.pk) is False
    job.refresh_from_db()
    assert (job.done, job.changed, job.status) == (2, 0, "DONE")


def test_a_regrade_with_nothing_to_grade_is_done_at_once(data_settings):
    sync_catalog()
    assignment = assignment_for([make_user("ada")], [(Problem.objects.get(pk=3), 10)])
    job = regrade.start(assignment, 3, None)
    assert (job.status, job.total, job.percent) == (RegradeJob.Status.DONE, 0, 100)
