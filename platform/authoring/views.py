"""The problem editor: drafts private to their author, a statement preview, and publishing that runs
the references first."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from authoring import publishing
from authoring.forms import ProblemForm
from authoring.models import Authorship
from catalog import markdown
from catalog.models import Problem
from teaching.access import instructor_required


def _mine(user):
    qs = Authorship.objects.select_related("problem", "problem__dataset", "author")
    return qs if user.is_site_admin else qs.filter(author=user)


@instructor_required
def problem_list(request):
    return render(request, "authoring/list.html", {"authored": _mine(request.user).order_by("-created_at")})


@instructor_required
def problem_new(request):
    form = ProblemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        problem = publishing.create_draft(form.cleaned_data, request.user)
        if request.POST.get("action") == "publish":
            report = publishing.publish(problem)
            return render(request, "authoring/edit.html", _context(form, problem, report))
        return redirect("authoring:edit", problem.pk)
    return render(request, "authoring/edit.html", _context(form, None, None))


@instructor_required
def problem_edit(request, pk: int):
    problem = get_object_or_404(_mine(request.user), problem_id=pk).problem
    if request.method != "POST":
        return render(request, "authoring/edit.html",
                      _context(ProblemForm(initial=ProblemForm.initial_for(problem)), problem, None))
    form = ProblemForm(request.POST)
    report = None
    if form.is_valid():
        publishing.apply(problem, form.cleaned_data)
        if request.POST.get("action") == "publish" or problem.is_published:
            # A published problem changes only through the checks: learners never see a broken version.
            report = publishing.publish(problem)
            if not report.ok and problem.is_published:
                problem.refresh_from_db()
        else:
            problem.save()
            return redirect("authoring:edit", problem.pk)
    return render(request, "authoring/edit.html", _context(form, problem, report))


@instructor_required
@require_POST
def problem_unpublish(request, pk: int):
    problem = get_object_or_404(_mine(request.user), problem_id=pk).problem
    Problem.objects.filter(pk=problem.pk).update(is_published=False)
    return redirect("authoring:edit", problem.pk)


@instructor_required
@require_POST
def statement_preview(request):
    return HttpResponse(markdown.render(request.POST.get("statement_md", ""), drop_title=True))


def _context(form, problem, report) -> dict:
    return {"form": form, "problem": problem, "report": report}
