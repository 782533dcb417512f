"""The catalogue query: filters and search in the database, per-problem statistics in one grouped query,
sorting in Python."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import QueryDict

from catalog.models import Dataset, Problem
from submissions.models import Submission

_RANK = {d: i for i, d in enumerate(Problem.Difficulty.values)}
SORTS = {
    "id": lambda p: p.id,
    "title": lambda p: (p.title.lower(), p.id),
    "difficulty": lambda p: (_RANK[p.difficulty], p.id),
    "acceptance": lambda p: (p.acceptance is None, -(p.acceptance or 0), p.id),
    "solvers": lambda p: (-p.solvers, p.id),
}
"""Sort keys, applied in Python to the (at most a few hundred) matching problems."""
STATUSES = ("solved", "tried", "new")
LANGUAGE_FIELDS = {"sql": "solution_sql", "python": "solution_py"}


@dataclass(frozen=True)
class Browse:
    """What the learner asked the catalogue for (unknown values are ignored, never an error)."""

    q: str = ""
    dataset: str = ""
    difficulty: str = ""
    topic: str = ""
    language: str = ""
    status: str = ""
    sort: str = "id"

    @classmethod
    def from_query(cls, params: QueryDict) -> Browse:
        def pick(name: str, allowed=None) -> str:
            value = params.get(name, "").strip()[:100]
            return value if allowed is None or value in allowed else ""

        return cls(
            q=pick("q"),
            dataset=pick("dataset"),
            difficulty=pick("difficulty", Problem.Difficulty.values),
            topic=pick("topic"),
            language=pick("language", LANGUAGE_FIELDS),
            status=pick("status", STATUSES),
            sort=pick("sort", SORTS) or "id",
        )


def problems_for(user, browse: Browse) -> list[Problem]:
    """Published problems matching `browse`, each with tried/solved (for `user`), attempts, solvers and
    acceptance rate. Topics are filtered in Python: JSON containment is not portable to SQLite."""
    mine = Submission.objects.filter(learner=user, problem=OuterRef("pk"))
    qs: QuerySet[Problem] = (
        Problem.objects.filter(is_published=True)
        .select_related("dataset")
        # The list shows titles, not statements or solutions: leave the big text columns in the database.
        .only("id", "slug", "title", "difficulty", "topics", "dataset_id", "dataset__title", "why_it_matters",
              "solution_sql", "solution_py")
        .annotate(tried=Exists(mine), solved=Exists(mine.filter(verdict="ACCEPTED")))
    )
    if browse.q:
        qs = qs.filter(Q(title__icontains=browse.q) | Q(statement_md__icontains=browse.q))
    if browse.dataset:
        qs = qs.filter(dataset_id=browse.dataset)
    if browse.difficulty:
        qs = qs.filter(difficulty=browse.difficulty)
    if browse.language:
        qs = qs.exclude(**{LANGUAGE_FIELDS[browse.language]: ""})
    if browse.status == "solved":
        qs = qs.filter(solved=True)
    elif browse.status == "tried":
        qs = qs.filter(tried=True, solved=False)
    elif browse.status == "new":
        qs = qs.filter(tried=False)
    problems = list(qs)
    if browse.topic:
        problems = [p for p in problems if browse.topic in p.topics]
    stats = _statistics([p.id for p in problems])
    for p in problems:
        p.attempts, p.accepted_count, p.solvers = stats.get(p.id, (0, 0, 0))
        p.acceptance = p.accepted_count / p.attempts if p.attempts else None
    problems.sort(key=SORTS[browse.sort])
    return problems


def _statistics(ids: list[int]) -> dict[int, tuple[int, int, int]]:
    """(graded attempts, accepted, distinct solvers) per problem, in one grouped query over submissions
    (grouping the problems themselves would group by every text column)."""
    accepted = Q(verdict="ACCEPTED")
    rows = (
        Submission.objects.filter(problem_id__in=ids, status=Submission.Status.DONE)
        .exclude(verdict="INTERNAL_ERROR")
        .values("problem_id")
        .annotate(attempts=Count("id"), accepted=Count("id", filter=accepted),
                  solvers=Count("learner_id", filter=accepted, distinct=True))
    )
    return {r["problem_id"]: (r["attempts"], r["accepted"], r["solvers"]) for r in rows}


def facets() -> dict[str, list]:
    """The values the filter menus offer."""
    rows = list(Problem.objects.filter(is_published=True).values_list("dataset_id", "dataset__title", "topics"))
    return {
        "datasets": sorted({(d, t) for d, t, _ in rows}),
        "topics": sorted({topic for _, _, topics in rows for topic in topics}),
        "difficulties": Problem.Difficulty.choices,
        "languages": [("sql", "SQL"), ("python", "Python")],
        "statuses": [(s, s.title()) for s in STATUSES],
        "sorts": [(s, s.title()) for s in SORTS],
    }


def visible_schema(dataset: Dataset) -> list[dict]:
    """The tables a query on `dataset` can see: its own, then its dependencies' (transitively)."""
    by_id = {d.id: d for d in Dataset.objects.all()}
    ids, queue = [], [dataset.id]
    while queue:
        current = queue.pop(0)
        if current in by_id and current not in ids:
            ids.append(current)
            queue.extend(by_id[current].depends_on)
    return [{"dataset": by_id[i], "tables": by_id[i].tables} for i in ids]
