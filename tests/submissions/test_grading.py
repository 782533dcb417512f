"""Grading a stored submission: claimed once, a verdict written exactly once, never left unfinished."""

import pytest

import grader
from submissions import grading
from submissions.models import Submission
from tests.factories import make_problem, make_user

pytestmark = pytest.mark.django_db


class FakeGrader:
    """Stands in for the real grader where the test is about the platform, not grading."""

    def __init__(self, verdict=grader.Verdict.ACCEPTED, on_grade=None):
        self.verdict, self.on_grade, self.jobs = verdict, on_grade, []

    def grade(self, job):
        self.jobs.append(job)
        if self.on_grade:
            self.on_grade()
        return grader.Result(verdict=self.verdict, message="fake", provenance={
            "grader_version": "fake", "problem_version": job.problem_version, "datasets": {"0": "h0"}})


@pytest.fixture
def fake(monkeypatch):
    fake = FakeGrader()
    monkeypatch.setattr(grading, "process_grader", lambda: fake)
    monkeypatch.setattr(grading, "dataset_variants", lambda _id: (grader.DatasetVariant(0, "/nowhere", "h0"),))
    return fake


@pytest.fixture
def submission():
    return Submission.objects.create(learner=make_user(), problem=make_problem(), language="sql", code="SELECT 1")


def test_a_queued_submission_ends_with_the_graders_verdict_and_provenance(fake, submission):
    assert grading.grade_stored(submission.pk) == "ACCEPTED"
    submission.refresh_from_db()
    assert (submission.status, submission.verdict, submission.attempt) == ("DONE", "ACCEPTED", 1)
    assert submission.dataset_hashes == {"0": "h0"}
    assert submission.problem_version == "v1"
    assert submission.finished_at is not None


def test_a_redelivered_task_writes_no_second_verdict(fake, submission):
    grading.grade_stored(submission.pk)
    first = Submission.objects.get(pk=submission.pk)
    assert grading.grade_stored(submission.pk) is None
    again = Submission.objects.get(pk=submission.pk)
    assert (again.verdict, again.attempt, again.finished_at) == (first.verdict, first.attempt, first.finished_at)
    assert len(fake.jobs) == 1


def test_an_attempt_that_lost_ownership_discards_its_verdict(fake, submission):
    # While attempt 1 grades, the row is reclaimed (its worker was presumed lost): attempt 1 must not write.
    fake.on_grade = lambda: grading.claim(submission.pk)
    assert grading.grade_stored(submission.pk) is None
    submission.refresh_from_db()
    assert (submission.status, submission.attempt, submission.verdict) == ("RUNNING", 2, "")


def test_a_submission_claimed_too_often_gets_a_final_internal_error(fake, submission, settings):
    Submission.objects.filter(pk=submission.pk).update(status="RUNNING", attempt=settings.GRADING_MAX_ATTEMPTS)
    assert grading.grade_stored(submission.pk) == "INTERNAL_ERROR"
    submission.refresh_from_db()
    assert submission.status == "DONE"
    assert fake.jobs == []


def test_a_grader_crash_still_ends_in_a_final_verdict(fake, submission):
    def boom():
        raise RuntimeError("grader bug")

    fake.on_grade = boom
    assert grading.grade_stored(submission.pk) == "INTERNAL_ERROR"
    submission.refresh_from_db()
    assert submission.is_final


def test_an_unknown_submission_id_is_ignored(fake):
    assert grading.grade_stored(987654) is None
