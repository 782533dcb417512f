"""submit(): stored before queued, queued once the row is committed, bad input refused up front."""

import pytest

from submissions import actions
from submissions.models import Submission
from tests.factories import make_problem, make_user

pytestmark = pytest.mark.django_db


def test_sql_grades_are_sent_ahead_of_python_and_batch_work_behind_both(queued,
                                                                        django_capture_on_commit_callbacks):
    from datamgmt.tasks import run_dataset_job
    from teaching.tasks import regrade_submission

    learner, problem = make_user(), make_problem(solution_py="result = 1")
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit(learner, problem, "result = 1", "python")
        actions.submit(learner, problem, "SELECT 1", "sql")
    python, sql = queued.priorities
    # Redis serves the lowest number first.
    assert sql < python < regrade_submission.priority < run_dataset_job.priority


def test_a_submission_is_stored_queued_and_sent_after_commit(queued, django_capture_on_commit_callbacks):
    learner, problem = make_user(), make_problem()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submission = actions.submit(learner, problem, "SELECT 1 AS x", "sql")
        assert Submission.objects.get(pk=submission.pk).status == Submission.Status.QUEUED
        assert queued == []  # nothing is sent before the row is committed
    for callback in callbacks:
        callback()
    assert queued == [submission.pk]


@pytest.mark.parametrize(
    ("code", "language", "why"),
    [
        ("", "sql", "empty"),
        ("   \n", "sql", "empty"),
        ("SELECT 1", "cobol", "Unknown language"),
        ("result = 1", "python", "takes SQL"),
        ("SELECT '" + "x" * 70_000 + "'", "sql", "larger than 64 KB"),
        ("SELECT 1\x00", "sql", "NUL"),
    ],
)
def test_what_can_never_be_graded_is_refused_and_nothing_is_stored(queued, code, language, why):
    with pytest.raises(actions.SubmissionRefused, match=why):
        actions.submit(make_user(), make_problem(), code, language)
    assert Submission.objects.count() == 0
    assert queued == []
