"""A named cast and factories for platform tests, built in code."""

from __future__ import annotations

import itertools

from accounts.models import User
from catalog.models import Dataset, Problem

_ids = itertools.count(900)


def make_user(username: str = "ada", role: str = User.Role.LEARNER, password: str = "pw-for-tests") -> User:
    user = User.objects.create_user(username=username, password=password, role=role)
    user.raw_password = password
    return user


def make_dataset(dataset_id: str = "DX1", **kw) -> Dataset:
    defaults = {"title": "Test dataset", "tables": [{"name": "px", "description": "", "columns": []}]}
    return Dataset.objects.get_or_create(id=dataset_id, defaults={**defaults, **kw})[0]


def make_problem(dataset: Dataset | None = None, **kw) -> Problem:
    pk = kw.pop("id", next(_ids))
    defaults = {
        "slug": f"test-problem-{pk}",
        "title": f"Test problem {pk}",
        "difficulty": "easy",
        "topics": ["testing"],
        "statement_md": "Return 1.",
        "statement_html": "<p>Return 1.</p>",
        "solution_sql": "SELECT 1 AS x",
        "version": "v1",
    }
    return Problem.objects.create(id=pk, dataset=dataset or make_dataset(), **{**defaults, **kw})


def sync_catalog() -> str:
    """Run `manage.py sync_problems` as an admin would; returns what it printed."""
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("sync_problems", stdout=out)
    return out.getvalue()


def make_submission(learner: User, problem: Problem, verdict: str = "WRONG_ANSWER", **kw):
    """A graded (DONE) submission with `verdict`."""
    from submissions.models import Submission

    defaults = {"language": "sql", "code": "SELECT 1 AS x", "status": Submission.Status.DONE, "verdict": verdict,
                "message": verdict.replace("_", " ").title()}
    created_at = kw.pop("created_at", None)
    submission = Submission.objects.create(learner=learner, problem=problem, **{**defaults, **kw})
    if created_at is not None:  # auto_now_add ignores a value given to create()
        Submission.objects.filter(pk=submission.pk).update(created_at=created_at)
        submission.created_at = created_at
    return submission
