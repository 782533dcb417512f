"""Learner endpoints: the catalogue, datasets, Run, submit and verdicts, own submissions, progress, and
joining cohorts. Each calls the function the web page calls; nothing here decides anything the pages
do not (filters, fairness, rate limits, hidden-data rules, access)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from api import schemas as s
from api.auth import needs
from catalog import data
from catalog.browse import Browse, problems_for, visible_schema
from catalog.models import Dataset, Problem
from catalog.views import PREVIEW_ROWS
from submissions import actions, fairness, ratelimit, runs
from submissions.models import Run, Submission
from submissions.progress import progress_for
from teaching import roster
from teaching.forms import JoinForm
from teaching.models import Cohort

router = Router(tags=["learning"])
READ, SUBMIT = needs("read"), needs("submit")
REFUSALS = {403: s.Error, 404: s.Error, 422: s.Error, 429: s.Error}


class ProblemFilters(Schema):
    q: str = ""
    dataset: str = ""
    difficulty: str = ""
    topic: str = ""
    language: str = ""
    status: str = ""
    sort: str = "id"


def _published(pk: int) -> Problem:
    return get_object_or_404(Problem.objects.select_related("dataset"), pk=pk, is_published=True)


@router.get("/problems", response=list[s.ProblemSummary], auth=READ)
def list_problems(request, filters: Query[ProblemFilters]):
    """Published problems with the catalogue's filters (read from the query string by the page's own
    parser, so unknown values are ignored as on the page)."""
    return [{"id": p.id, "slug": p.slug, "title": p.title, "difficulty": p.difficulty, "topics": p.topics,
             "dataset_id": p.dataset_id, "languages": p.languages, "tried": p.tried, "solved": p.solved,
             "attempts": p.attempts, "solvers": p.solvers, "acceptance": p.acceptance}
            for p in problems_for(request.user, Browse.from_query(request.GET))]


@router.get("/problems/{pk}", response={200: s.ProblemDetail, 404: s.Error}, auth=READ)
def problem(request, pk: int):
    """The statement, hints and the schema a query can see (tables of the dataset and its dependencies)."""
    p = _published(pk)
    return {"id": p.id, "slug": p.slug, "title": p.title, "difficulty": p.difficulty, "topics": p.topics,
            "dataset_id": p.dataset_id, "languages": p.languages, "statement_md": p.statement_md,
            "statement_html": p.statement_html, "hints": p.hints,
            "tables": [{"dataset_id": g["dataset"].id, "tables": g["tables"]} for g in visible_schema(p.dataset)],
            "solved": Submission.objects.filter(learner=request.user, problem=p, verdict="ACCEPTED").exists()}


@router.get("/datasets", response=list[s.DatasetSummary], auth=READ)
def list_datasets(request):
    rows = Dataset.objects.annotate(problem_count=Count("problems", filter=Q(problems__is_published=True)))
    return [{"id": d.id, "title": d.title, "source": d.source, "depends_on": d.depends_on,
             "problem_count": d.problem_count, "total_rows": d.total_rows} for d in rows]


@router.get("/datasets/{dataset_id}", response={200: s.DatasetDetail, 404: s.Error}, auth=READ)
def dataset(request, dataset_id: str):
    """The data dictionary: every table with its columns (type, unit, meaning) and row count."""
    d = get_object_or_404(Dataset, pk=dataset_id)
    return {"id": d.id, "title": d.title, "story": d.story, "source": d.source, "depends_on": d.depends_on,
            "version_hash": d.version_hash, "tables": d.tables,
            "problem_ids": list(d.problems.filter(is_published=True).values_list("id", flat=True))}


@router.get("/datasets/{dataset_id}/tables/{table}/preview", response={200: s.PreviewPage, 404: s.Error},
            auth=READ)
def table_preview(request, dataset_id: str, table: str, page: int = 0):
    """A page of rows of the visible data (never a hidden variant), as the dataset page shows."""
    d = get_object_or_404(Dataset, pk=dataset_id)
    if table not in {t["name"] for t in d.tables}:
        raise Http404("no such table")
    shown = data.table_page(d, table, max(page, 0), PREVIEW_ROWS)
    preview = shown.pop("preview") or {}
    return {**shown, "columns": preview.get("columns", []), "rows": preview.get("rows", []),
            "built": bool(preview)}


def _limited(request, action: str) -> None:
    """The web's per-minute limit, and the same words."""
    if not ratelimit.allow(request.user.pk, action):
        raise HttpError(429, f"That is more than {settings.RATE_LIMITS[action]} {action}s a minute. Wait a few "
                             "seconds and try again; nothing was lost.")


def _run_out(run: Run) -> dict:
    queued = run.status == Run.Status.QUEUED
    return {"id": run.pk, "problem_id": run.problem_id, "status": run.status, "result": run.result,
            "queue_ahead": runs.queue_place(run) if queued else 0, "poll_after_ms": run.poll_delay_ms}


@router.post("/problems/{pk}/runs", response={201: s.RunOut, **REFUSALS}, auth=SUBMIT)
def start_run(request, pk: int, body: s.RunIn):
    """Run the code on the visible data (same runner, limits and fairness as the page's Run button);
    poll GET /runs/{id} until its status is DONE."""
    p = _published(pk)
    _limited(request, "run")
    try:
        run = runs.start(request.user, p, body.code, body.language, body.explain and body.language == "sql")
    except actions.SubmissionRefused as exc:
        raise HttpError(422, str(exc)) from exc
    except fairness.TooManyInFlight as exc:
        raise HttpError(429, str(exc)) from exc
    return Status(201, _run_out(run))


@router.get("/runs/{pk}", response={200: s.RunOut, 404: s.Error}, auth=READ)
def run_status(request, pk: int):
    return _run_out(runs.current(get_object_or_404(Run, pk=pk, learner=request.user)))


def _submission_out(sub: Submission) -> dict:
    """What the status fragment shows: verdict, message, the stored diff (already redacted for hidden
    variants by the grader) and the time on the visible data only; never elapsed_ms or timings."""
    queued = sub.status == Submission.Status.QUEUED
    return {"id": sub.pk, "problem_id": sub.problem_id, "language": sub.language, "status": sub.status,
            "verdict": sub.verdict, "message": sub.message if sub.is_final else "",
            "diff": sub.diff if sub.is_final else None, "visible_ms": sub.visible_ms, "created_at": sub.created_at,
            "queue_ahead": fairness.queue_place(sub) if queued else 0, "poll_after_ms": sub.poll_delay_ms}


@router.post("/problems/{pk}/submissions", response={201: s.SubmissionOut, **REFUSALS}, auth=SUBMIT)
def submit(request, pk: int, body: s.CodeIn):
    """Submit for a verdict (stored, then queued); poll GET /submissions/{id} until its status is DONE."""
    p = _published(pk)
    _limited(request, "submit")
    try:
        sub = actions.submit(request.user, p, body.code, body.language)
    except actions.SubmissionRefused as exc:
        raise HttpError(422, str(exc)) from exc
    except fairness.TooManyInFlight as exc:
        raise HttpError(429, str(exc)) from exc
    return Status(201, _submission_out(sub))


@router.get("/submissions", response=list[s.SubmissionListItem], auth=READ)
def my_submissions(request, problem: int | None = None):
    """Your latest 200 submissions, newest first (optionally of one problem)."""
    mine = Submission.objects.filter(learner=request.user)
    if problem is not None:
        mine = mine.filter(problem_id=problem)
    return list(mine.only("id", "problem_id", "language", "status", "verdict", "created_at")[:200])


@router.get("/submissions/{pk}", response={200: s.SubmissionOut, 404: s.Error}, auth=READ)
def submission(request, pk: int):
    return _submission_out(get_object_or_404(Submission, pk=pk, learner=request.user))


@router.get("/progress", response=s.ProgressOut, auth=READ)
def progress(request):
    return progress_for(request.user)


@router.get("/invitations", response=list[s.InvitationOut], auth=READ)
def invitations(request):
    """Cohorts that invited your e-mail address; nothing is shared with them until you accept."""
    return [{"id": i.pk, "cohort_id": i.cohort_id, "cohort": i.cohort.name, "email": i.email}
            for i in roster.invitations_for(request.user)]


@router.post("/invitations/{pk}/accept", response={200: s.Joined, 404: s.Error}, auth=SUBMIT)
def accept_invitation(request, pk: int):
    invite = get_object_or_404(roster.invitations_for(request.user), pk=pk)
    return {"cohort_id": invite.cohort_id, "joined": roster.accept(invite, request.user)}


@router.post("/invitations/{pk}/decline", response={204: None, 404: s.Error}, auth=SUBMIT)
def decline_invitation(request, pk: int):
    get_object_or_404(roster.invitations_for(request.user), pk=pk).delete()
    return Status(204, None)


@router.post("/cohorts/join", response={200: s.Joined, 404: s.Error, 422: s.Error}, auth=SUBMIT)
def join_cohort(request, body: s.JoinIn):
    """Join a cohort with its join code: your own act, as on the Assignments page."""
    form = JoinForm({"code": body.code})
    cohort = Cohort.objects.filter(join_code=form.cleaned_data["code"]).first() if form.is_valid() else None
    if cohort is None:
        raise HttpError(404, "No cohort has that join code. Check it with your instructor.")
    return {"cohort_id": cohort.pk, "joined": roster.join(cohort, request.user)}
