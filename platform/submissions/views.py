import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

import grader
from accounts.access import admin_required
from catalog.data import DataNotBuilt, process_grader, visible_file
from catalog.models import Problem
from grader.sql_runner import DatasetUnavailable
from submissions import actions, ratelimit
from submissions.models import Submission

log = logging.getLogger(__name__)


def _problem(pk: int) -> Problem:
    return get_object_or_404(Problem, pk=pk, is_published=True)


@login_required
@require_POST
def run(request, pk: int):
    """Run the code on the visible data and show the first rows: same runner and limits as grading."""
    problem = _problem(pk)
    if not ratelimit.allow(request.user.pk, "run"):
        return _too_fast(request, "run")
    code, language = request.POST.get("code", ""), request.POST.get("language", "sql")
    # "Explain" shows DuckDB's plan: the same query behind EXPLAIN, through the same runner and policy.
    explain = request.POST.get("explain") == "1" and language == "sql"
    try:
        actions.validate_code(code, language, problem)
        if explain:
            code = "EXPLAIN " + code.strip().rstrip(";")
        result = process_grader().run(code, language, visible_file(problem.dataset_id)).to_jsonable(
            display_rows=grader.DEFAULT_LIMITS.display_rows
        )
    except actions.SubmissionRefused as exc:
        result = {"status": "REJECTED", "error": str(exc)}
    except DataNotBuilt:
        result = {"status": "INTERNAL_ERROR", "error": "This dataset is not built on the server yet."}
    except DatasetUnavailable as exc:  # a damaged file on the server: ours to fix, said plainly
        log.error("run on problem %s: %s", problem.pk, exc)
        result = {"status": "INTERNAL_ERROR", "error": "This dataset cannot be read on the server right now; "
                  "the team has been told."}
    if explain and result["status"] == "ok":
        plan = "\n\n".join(str(row[-1]) for row in result["rows"])
        return render(request, "submissions/_plan.html", {"plan": plan, "result": result})
    return render(request, "submissions/_run_result.html", {"result": result})


@login_required
@require_POST
def submit(request, pk: int):
    problem = _problem(pk)
    if not ratelimit.allow(request.user.pk, "submit"):
        return _too_fast(request, "submit")
    try:
        submission = actions.submit(
            request.user, problem, request.POST.get("code", ""), request.POST.get("language", "sql")
        )
    except actions.SubmissionRefused as exc:
        return render(request, "submissions/_refused.html", {"message": str(exc)}, status=422)
    return render(request, "submissions/_status.html", {"submission": submission})


def _too_fast(request, action: str):
    limit = settings.RATE_LIMITS[action]
    message = f"That is more than {limit} {action}s a minute. Wait a few seconds and try again; nothing was lost."
    return render(request, "submissions/_refused.html", {"message": message}, status=429)


def _own(request, pk: int) -> Submission:
    return get_object_or_404(Submission.objects.select_related("problem"), pk=pk, learner=request.user)


@login_required
def status(request, pk: int):
    """The submission's verdict fragment; htmx polls it until the submission is final."""
    submission = _own(request, pk)
    response = render(request, "submissions/_status.html", {"submission": submission})
    if submission.is_final:
        response["HX-Trigger"] = "submission-final"
    return response


@login_required
def detail(request, pk: int):
    return render(request, "submissions/detail.html", {"submission": _own(request, pk)})


@login_required
def history(request):
    submissions = Submission.objects.filter(learner=request.user).select_related("problem")[:200]
    return render(request, "submissions/history.html", {"submissions": submissions})


@login_required
def progress(request):
    from submissions.progress import progress_for, timeline_svg_points

    mine = progress_for(request.user)
    recent = Submission.objects.filter(learner=request.user).select_related("problem")[:10]
    return render(request, "submissions/progress.html", {
        "progress": mine, "recent": recent, "points": timeline_svg_points(mine.timeline)})


@admin_required
def grading_health(request):
    from submissions.health import grading_health as measure

    return render(request, "submissions/health.html", {
        "health": measure(), "max_attempts": settings.GRADING_MAX_ATTEMPTS})


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
