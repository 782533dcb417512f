import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from accounts.access import admin_required
from catalog.models import Problem
from submissions import actions, fairness, ratelimit, runs
from submissions.models import Run, Submission

log = logging.getLogger(__name__)


def _problem(pk: int) -> Problem:
    return get_object_or_404(Problem, pk=pk, is_published=True)


@login_required
@require_POST
def run(request, pk: int):
    """Start a Run of the code on the visible data (same runner and limits as grading, on a worker);
    the answer is the result if it is already there, else a fragment that polls for it."""
    problem = _problem(pk)
    if not ratelimit.allow(request.user.pk, "run"):
        return _too_fast(request, "run")
    language = request.POST.get("language", "sql")
    # "Explain" shows DuckDB's plan: the same query behind EXPLAIN, through the same runner and policy.
    explain = request.POST.get("explain") == "1" and language == "sql"
    try:
        started = runs.start(request.user, problem, request.POST.get("code", ""), language, explain)
    except actions.SubmissionRefused as exc:
        return render(request, "submissions/_run_result.html", {"result": {"status": "REJECTED", "error": str(exc)}})
    except fairness.TooManyInFlight as exc:
        return render(request, "submissions/_refused.html", {"message": str(exc)}, status=429)
    return _run_fragment(request, started)


@login_required
def run_status(request, pk: int):
    """The Run's fragment: its result once a worker has written it; htmx polls until then."""
    mine = get_object_or_404(Run, pk=pk, learner=request.user)
    return _run_fragment(request, runs.current(mine))


def _run_fragment(request, started: Run):
    if not started.is_final:
        return render(request, "submissions/_run_pending.html", {"run": started, "ahead": runs.queue_place(started)})
    result = started.result
    if started.explain and result["status"] == "ok":
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
    except fairness.TooManyInFlight as exc:
        return render(request, "submissions/_refused.html", {"message": str(exc)}, status=429)
    return _status_fragment(request, submission)


def _too_fast(request, action: str):
    ratelimit.remember_refusal(request, action)  # the rest of this minute's retries are refused cheaply
    return render(request, "submissions/_refused.html", {"message": ratelimit.too_fast_message(action)}, status=429)


def _own(request, pk: int) -> Submission:
    return get_object_or_404(Submission.objects.select_related("problem"), pk=pk, learner=request.user)


@login_required
def status(request, pk: int):
    """The submission's verdict fragment; htmx polls it until the submission is final."""
    return _status_fragment(request, _own(request, pk))


def _status_fragment(request, submission: Submission):
    queued = submission.status == Submission.Status.QUEUED
    response = render(request, "submissions/_status.html", {
        "submission": submission, "ahead": fairness.queue_place(submission) if queued else 0})
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
