"""Saving a web-authored problem and publishing it: publishing runs the references on every variant
(and checks that SQL and Python agree), and refuses when anything fails."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

import grader
from authoring.models import WEB_IDS_START, Authorship
from catalog import markdown
from catalog.data import DataNotBuilt, dataset_variants, process_grader
from catalog.models import Problem
from problems.validate import check_problem

EXPECTED_ROWS = 20


@dataclass
class PublishReport:
    ok: bool
    failures: list[str] = field(default_factory=list)
    expected: dict | None = None  # the reference's result on the visible data (first rows)


def apply(problem: Problem, data: dict) -> Problem:
    """Copy the form's cleaned data onto `problem` (not saved) and give it a new version."""
    problem.title = data["title"].strip()
    problem.dataset = data["dataset"]
    problem.difficulty = data["difficulty"]
    problem.topics = data["topic_list"]
    problem.statement_md = data["statement_md"]
    problem.statement_html = markdown.render(data["statement_md"], drop_title=True)
    problem.solution_sql = (data.get("solution_sql") or "").strip()
    problem.solution_py = (data.get("solution_py") or "").strip()
    problem.hints = data["hint_list"]
    problem.why_it_matters = data.get("why_it_matters") or ""
    problem.grading = data["grading"]
    content = {k: getattr(problem, k) for k in ("title", "dataset_id", "statement_md", "solution_sql",
                                                 "solution_py", "grading")}
    problem.version = "web-" + hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:12]
    return problem


@transaction.atomic
def create_draft(data: dict, author) -> Problem:
    next_id = max(WEB_IDS_START, (Problem.objects.filter(id__gte=WEB_IDS_START).aggregate(m=Max("id"))["m"] or 0) + 1)
    problem = apply(Problem(id=next_id, is_published=False), data)
    problem.slug = f"web-{next_id}"
    problem.save()
    Authorship.objects.create(problem=problem, author=author)
    return problem


def check(problem: Problem) -> PublishReport:
    """Run the problem's references (and known mistakes) on every variant of its dataset."""
    try:
        variants = dataset_variants(problem.dataset_id)
    except DataNotBuilt as exc:
        return PublishReport(False, [f"the dataset is not built on this server: {exc}"])
    solutions = {lang: code for lang, code in (("sql", problem.solution_sql), ("python", problem.solution_py)) if code}
    failures = check_problem(solutions, grader.CompareOptions.from_mapping(problem.grading),
                             [grader.KnownMistake(**m) for m in problem.mistakes], variants, process_grader())
    if failures:
        return PublishReport(False, failures)
    result = process_grader().run(problem.reference, problem.reference_language, variants[0].path)
    return PublishReport(True, [], result.to_jsonable(display_rows=EXPECTED_ROWS))


def publish(problem: Problem) -> PublishReport:
    """Check, then store and publish; nothing is stored when a check fails (a published problem keeps
    its last good version)."""
    report = check(problem)
    if report.ok:
        with transaction.atomic():
            problem.is_published = True
            problem.save()
            Authorship.objects.filter(problem=problem).update(published_at=timezone.now())
    return report
