from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from catalog import data
from catalog.browse import Browse, facets, problems_for
from catalog.models import Dataset, Problem
from submissions.models import Submission


def _schema(dataset: Dataset) -> list[dict]:
    """The tables a query on `dataset` can see: its own, then its dependencies' (transitively)."""
    by_id = {d.id: d for d in Dataset.objects.all()}
    ids, queue = [], [dataset.id]
    while queue:
        current = queue.pop(0)
        if current in by_id and current not in ids:
            ids.append(current)
            queue.extend(by_id[current].depends_on)
    return [{"dataset": by_id[i], "tables": by_id[i].tables} for i in ids]


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
    return render(request, "catalog/problem_list.html", {**context, "facets": facets()})


@login_required
def problem_detail(request, pk: int, slug: str | None = None):
    problem = get_object_or_404(Problem.objects.select_related("dataset"), pk=pk, is_published=True)
    schema = _schema(problem.dataset)
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
            "solved": mine.filter(verdict="ACCEPTED").exists(),
        },
    )


@login_required
def table_preview(request, dataset_id: str, table: str):
    dataset = get_object_or_404(Dataset, pk=dataset_id)
    if table not in {t["name"] for t in dataset.tables}:
        raise Http404("no such table")
    try:
        preview = data.preview(dataset.id, table)
    except data.DataNotBuilt:
        preview = None
    return render(request, "catalog/_table_preview.html", {"preview": preview, "table": table})


@login_required
def dataset_detail(request, dataset_id: str):
    dataset = get_object_or_404(Dataset, pk=dataset_id)
    problems = dataset.problems.filter(is_published=True)
    return render(request, "catalog/dataset_detail.html", {"dataset": dataset, "problems": problems})
