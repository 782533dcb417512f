from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from catalog import data, er
from catalog.browse import Browse, facets, problems_for, visible_schema
from catalog.models import Dataset, LearningPath, Problem
from grader.compare import COLUMNS_MATCHED_KINDS
from submissions.models import Submission
from teaching.models import Assignment

PREVIEW_ROWS = 20


def starters(problem: Problem, schema: dict[str, list[str]]) -> dict[str, str]:
    """What the editor holds before the learner has a draft, per language."""
    first = next(iter(schema), "table_name")
    names = ", ".join(schema)
    return {
        "sql": f"-- {problem.title}\nSELECT\n  *\nFROM {first}\nLIMIT 10\n",
        "python": (
            f"# {problem.title}\n# Each table is a pandas DataFrame of the same name: {names}.\n"
            "# pd, np and math are imported; set `result` to a DataFrame, a Series or a value.\n"
            f"result = {first}.head(10)\n"
        ),
    }


@login_required
def problem_list(request):
    browse = Browse.from_query(request.GET)
    context = {"problems": problems_for(request.user, browse), "browse": browse}
    if request.htmx:  # the filter form swaps only the results
        return render(request, "catalog/_problem_rows.html", context)
    return render(request, "catalog/problem_list.html", {**context, "facets": facets(), "paths": _paths(request.user)})


def _paths(user) -> list[dict]:
    """Every learning path with how far the learner is along it."""
    solved = set(Submission.objects.filter(learner=user, verdict="ACCEPTED").values_list("problem_id", flat=True))
    return [{"path": p, "total": len(p.problem_ids), "solved": len(solved & set(p.problem_ids))}
            for p in LearningPath.objects.all()]


@login_required
def path_detail(request, slug: str):
    path = get_object_or_404(LearningPath, slug=slug)
    by_id = {p.id: p for p in problems_for(request.user, Browse())}
    steps = [by_id[i] for i in path.problem_ids if i in by_id]
    return render(request, "catalog/path_detail.html", {
        "path": path, "steps": steps, "solved": sum(1 for p in steps if p.solved),
        "next_step": next((p for p in steps if not p.solved), None),
    })


@login_required
def problem_detail(request, pk: int, slug: str | None = None):
    problem = get_object_or_404(Problem.objects.select_related("dataset"), pk=pk, is_published=True)
    schema = visible_schema(problem.dataset)
    editor_schema = {t["name"]: [c["name"] for c in t["columns"]] for group in schema for t in group["tables"]}
    mine = Submission.objects.filter(learner=request.user, problem=problem)
    recent = list(mine.only("id", "status", "verdict", "language", "created_at", "elapsed_ms")[:10])
    # ?submission=<id> reopens one of the learner's own submissions in the editor (others' are ignored).
    reopened = None
    if request.GET.get("submission", "").isdigit():
        reopened = mine.filter(pk=int(request.GET["submission"])).only("id", "code", "language").first()
    return render(
        request,
        "catalog/problem_detail.html",
        {
            "problem": problem,
            "schema": schema,
            "editor_schema": editor_schema,
            "recent": recent,
            "starters": starters(problem, editor_schema),
            "reopened": reopened,
            **_unlocks(problem, request.user, mine),
        },
    )


def _unlocks(problem: Problem, learner, mine) -> dict:
    """What the learner's record opens on the problem page: the why-it-matters note once solved, the
    reference solutions once solved or after `reveal_after` attempts that really tried (they ran and
    returned the expected columns, so `SELECT 0` ten times opens nothing), but never while an assignment
    that includes the problem is still due for one of the learner's cohorts."""
    graded = mine.filter(status=Submission.Status.DONE)
    # A result cut off at the row limit was never compared, so it does not count either.
    tried = Q(verdict="WRONG_ANSWER", diff__kind__in=sorted(COLUMNS_MATCHED_KINDS), diff__truncated__isnull=True)
    tally = graded.aggregate(
        attempts=Count("id", filter=tried), accepted=Count("id", filter=Q(verdict="ACCEPTED")))
    solved = tally["accepted"] > 0
    due = assignment_due(problem, learner)
    return {
        "solved": solved,
        "attempts": tally["attempts"],
        "solutions_due": due,
        "show_solutions": due is None and (solved or tally["attempts"] >= problem.reveal_after),
    }


def assignment_due(problem: Problem, learner):
    """The latest due date, still to come, of an assignment that gives `problem` to a cohort `learner` is
    in (opened or not yet), or None: until then its reference solutions stay closed to them."""
    return (Assignment.objects.filter(cohort__members=learner, problem_set__items__problem=problem,
                                      due_at__gt=timezone.now())
            .aggregate(due=Max("due_at"))["due"])


@login_required
def table_preview(request, dataset_id: str, table: str):
    dataset = get_object_or_404(Dataset, pk=dataset_id)
    if table not in {t["name"] for t in dataset.tables}:
        raise Http404("no such table")
    page = int(request.GET["page"]) if request.GET.get("page", "").isdigit() else 0
    return render(request, "catalog/_table_preview.html", data.table_page(dataset, table, page, PREVIEW_ROWS))


@login_required
def dataset_detail(request, dataset_id: str):
    dataset = get_object_or_404(Dataset, pk=dataset_id)
    problems = dataset.problems.filter(is_published=True)
    charts = []
    for i, spec in enumerate(dataset.charts):
        try:
            drawn = data.chart(dataset.id, i, spec)
        except data.DataNotBuilt:
            break
        if drawn is not None:
            charts.append({"spec": drawn, "title": spec["title"], "caption": spec["caption"], "id": f"chart-{i}"})
    return render(request, "catalog/dataset_detail.html", {
        "dataset": dataset, "problems": problems, "charts": charts, "facts": data.fidelity(dataset.id),
    })


@login_required
def dataset_list(request):
    datasets = list(Dataset.objects.annotate(problem_count=Count("problems", filter=Q(problems__is_published=True))))
    return render(request, "catalog/dataset_list.html", {"datasets": datasets, "er": er.diagram(datasets)})
