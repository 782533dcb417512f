"""The catalogue query: filters, search, sort and per-problem statistics in one round trip."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, Exists, F, FloatField, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Cast, NullIf
from django.http import QueryDict

from catalog.models import Problem
from submissions.models import Submission

SORTS = {
    "id": ("id",),
    "title": ("title",),
    "difficulty": ("difficulty_rank", "id"),
    "acceptance": (F("acceptance").desc(nulls_last=True), "id"),
    "solvers": ("-solvers", "id"),
}
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
    graded = Q(submissions__status=Submission.Status.DONE) & ~Q(submissions__verdict="INTERNAL_ERROR")
    accepted = Q(submissions__verdict="ACCEPTED")
    qs: QuerySet[Problem] = (
        Problem.objects.filter(is_published=True)
        .select_related("dataset")
        .annotate(
            tried=Exists(mine),
            solved=Exists(mine.filter(verdict="ACCEPTED")),
            attempts=Count("submissions", filter=graded),
            accepted_count=Count("submissions", filter=accepted),
            solvers=Count("submissions__learner", filter=accepted, distinct=True),
        )
        .annotate(acceptance=Cast(F("accepted_count"), FloatField()) / NullIf(F("attempts"), 0))
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
    qs = qs.annotate(difficulty_rank=Case(
        *(When(difficulty=d, then=Value(i)) for i, d in enumerate(Problem.Difficulty.values)),
        output_field=IntegerField(),
    )).order_by(*SORTS[browse.sort])
    problems = list(qs)
    if browse.topic:
        problems = [p for p in problems if browse.topic in p.topics]
    return problems


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
