"""End to end: a submission that raises only on a hidden variant, with the hidden data in its error, shows
the learner the error's class on every page and none of the data; the time shown is the visible run's."""

from __future__ import annotations

import pytest
from django.urls import reverse

import grader
from grader.runners import Refusing
from grader.sql_runner import SqlRunner
from submissions import grading
from submissions.models import Submission
from tests.factories import make_problem, make_user
from tests.grader.duckdb_factory import VISIBLE, make_db
from tests.grader.test_hidden_errors import HIDDEN, REFERENCE, facts, sql_guarded
from tests.hidden_guard import shown, shown_as

pytestmark = pytest.mark.django_db

ATTACK = "error((SELECT 'rows=' || count(*) || ' max=' || max(close) || ' last=' || max(ticker) FROM px))"


@pytest.fixture
def graded(tmp_path, monkeypatch):
    """The attack submitted and graded by the real grader (SQL in this process) on a visible and a
    hidden variant; returns the submission, its code's hidden facts and the visible ones."""
    files = make_db(tmp_path / "v0.duckdb", VISIBLE), make_db(tmp_path / "v1.duckdb", HIDDEN)
    visible, hidden = facts(files[0]), facts(files[1])
    variants = tuple(grader.DatasetVariant(i, path, f"h{i}") for i, path in enumerate(files))
    runner = SqlRunner()
    monkeypatch.setattr(grading, "process_grader", lambda: grader.Grader(
        sql=runner, python=Refusing("SQL only here"), cache=grader.ExpectedCache()))
    monkeypatch.setattr(grading, "dataset_variants", lambda _id: variants)
    submission = Submission.objects.create(learner=make_user(), problem=make_problem(solution_sql=REFERENCE),
                                           language="sql", code=sql_guarded(ATTACK, visible))
    grading.grade_stored(submission.pk)
    runner.close()
    submission.refresh_from_db()
    secrets = {f for v in hidden.values() for f in shown_as(v)} - {f for v in visible.values() for f in shown_as(v)}
    return submission, secrets


def pages(client, submission) -> dict[str, str]:
    client.force_login(submission.learner)
    names = {"status": [submission.pk], "detail": [submission.pk], "history": []}
    return {name: client.get(reverse(f"submissions:{name}", args=args)).content.decode()
            for name, args in names.items()}


def test_a_hidden_variant_error_shows_its_class_and_none_of_the_hidden_data(client, graded):
    submission, secrets = graded
    assert (submission.verdict, submission.status) == ("ERROR", "DONE")
    for name, body in pages(client, submission).items():
        assert not shown(secrets, body), f"the {name} page shows hidden values: {sorted(shown(secrets, body))}"
        if name != "history":
            assert "failed on a hidden variant of the data (it ran on the visible one): Invalid Input Error." in body


def test_the_pages_show_the_visible_runs_time_not_the_grading_time(client, graded):
    submission, _ = graded
    body = pages(client, submission)
    visible_ms = f"{submission.timings['run_v0_ms']:.0f} ms"
    assert f"ran in {visible_ms} on the visible data" in body["status"]
    assert f"<td>{visible_ms}</td>" in body["history"]
    assert "graded in" not in body["status"]
