"""A dataset file that is missing, garbage or truncated: the submission gets INTERNAL_ERROR ("does not
count against you") with a log line naming the file, never a crash or a verdict against the learner;
the next submission on a good dataset grades."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

import datasets
from catalog import data
from catalog.models import Problem
from submissions.grading import grade_stored
from submissions.models import Submission
from tests.factories import make_user, sync_catalog

pytestmark = pytest.mark.django_db

BROKEN = "D02"  # problem 3's dataset; problem 1 (D01) stays intact


@pytest.fixture
def own_data(lite_data, settings, tmp_path, monkeypatch):
    """A data root of our own: every dataset linked from the session's build, BROKEN copied so that it
    can be damaged; a fresh process grader bound to it (and its own expected-result cache)."""
    source, root = lite_data / "lite", tmp_path / "data"
    (root / "lite").mkdir(parents=True)
    for entry in source.iterdir():
        if entry.name == BROKEN:
            shutil.copytree(entry, root / "lite" / entry.name)
        elif entry.name != "cache":
            (root / "lite" / entry.name).symlink_to(entry)
    settings.DATA_DIR, settings.DATA_PROFILE = root, "lite"
    monkeypatch.setattr(data, "_grader", None)
    sync_catalog()
    yield root
    if data._grader is not None:
        data._grader.close()


def variant_file(root: Path, variant: int) -> Path:
    return datasets.dataset_file(root, "lite", BROKEN, variant)


def grade(problem_id: int, language: str = "sql", code: str | None = None) -> Submission:
    problem = Problem.objects.get(pk=problem_id)
    code = code or (problem.solution_sql if language == "sql" else problem.solution_py)
    learner = make_user(f"learner{Submission.objects.count()}")
    submission = Submission.objects.create(learner=learner, problem=problem, code=code, language=language)
    grade_stored(submission.pk)
    return Submission.objects.get(pk=submission.pk)


def assert_not_the_learners_fault(submission: Submission, caplog, path: Path) -> None:
    assert (submission.status, submission.verdict) == ("DONE", "INTERNAL_ERROR")
    assert "does not count against you" in submission.message
    assert str(path) not in submission.message  # server paths stay in the log
    assert any(r.levelno >= logging.ERROR and str(path) in r.getMessage() for r in caplog.records), caplog.text


def test_a_garbage_variant_file_is_an_internal_error_with_a_log_line(own_data, caplog):
    path = variant_file(own_data, 1)
    path.write_bytes(b"this is not a duckdb file\x00" * 400)
    assert_not_the_learners_fault(grade(3), caplog, path)


def test_a_missing_variant_file_is_an_internal_error_with_a_log_line(own_data, caplog):
    path = variant_file(own_data, 2)
    path.unlink()
    assert_not_the_learners_fault(grade(3), caplog, path)


@pytest.mark.parametrize("language", ["sql", "python"])
def test_a_file_truncated_after_its_expected_result_was_cached_is_not_blamed_on_the_learner(
        own_data, caplog, language):
    """The expected result survives in the cache (same manifest hash), so only the learner's own run
    reads the damaged file: its IO error must still be ours, not an ERROR verdict for the learner."""
    assert grade(3).verdict == "ACCEPTED"  # caches the expected results of every variant
    path = variant_file(own_data, 1)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])
    data._grader.close()  # a fresh process opens the damaged file
    data._grader = None
    assert_not_the_learners_fault(grade(3, language), caplog, path)


def test_the_next_submission_on_a_good_dataset_still_grades(own_data):
    variant_file(own_data, 0).write_bytes(b"garbage")
    assert grade(3).verdict == "INTERNAL_ERROR"
    assert grade(1).verdict == "ACCEPTED"
    assert grade(1, code="SELECT 1 AS nothing").verdict == "WRONG_ANSWER"


def test_a_broken_dataset_does_not_stop_run_with_a_crash(own_data, client, runs_inline):
    variant_file(own_data, 0).write_bytes(b"garbage")
    client.force_login(make_user("ada"))
    response = client.post("/problems/3/run", {"code": "SELECT 1 AS x", "language": "sql"})
    assert response.status_code == 200
    assert b"cannot be read on the server" in response.content


def test_a_broken_dataset_page_and_preview_answer_without_a_crash(own_data, client):
    variant_file(own_data, 0).write_bytes(b"garbage")
    client.force_login(make_user("ada"))
    assert client.get(f"/datasets/{BROKEN}/").status_code == 200
    assert client.get(f"/datasets/{BROKEN}/tables/eq_daily/preview").status_code == 200
