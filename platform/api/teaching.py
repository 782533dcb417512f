"""Instructor endpoints: problem sets, cohorts and invitations, assignments, the gradebook (JSON and the
page's CSV), regrades. A token needs the `teach` scope and its user the instructor role; objects are
scoped by teaching.access exactly as on the pages (an instructor sees their own, an admin all)."""

from __future__ import annotations

from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.errors import HttpError

from api import schemas as s
from api.auth import needs, require_instructor
from catalog.models import Problem
from teaching import gradebook as gb
from teaching import regrade, roster
from teaching.access import my_assignments, my_cohorts, my_sets, own_assignment, own_cohort, own_set
from teaching.forms import MembersForm
from teaching.models import Cohort, ProblemSet, RegradeJob

router = Router(tags=["teaching"], auth=needs("teach"))
REFUSED = {403: s.Error, 404: s.Error}


def _set_out(problem_set: ProblemSet) -> dict:
    return {"id": problem_set.pk, "title": problem_set.title, "description": problem_set.description,
            "items": [_item_out(i) for i in problem_set.items.select_related("problem")]}


def _item_out(item) -> dict:
    return {"id": item.pk, "problem_id": item.problem_id, "title": item.problem.title, "position": item.position,
            "points": item.points}


@router.get("/sets", response={200: list[s.SetOut], 403: s.Error})
def sets(request):
    require_instructor(request)
    return [_set_out(p) for p in my_sets(request.user)]


@router.post("/sets", response={201: s.SetOut, 403: s.Error})
def create_set(request, body: s.SetIn):
    require_instructor(request)
    made = ProblemSet.objects.create(owner=request.user, title=body.title, description=body.description)
    return Status(201, _set_out(made))


@router.get("/sets/{pk}", response={200: s.SetOut, **REFUSED})
def problem_set(request, pk: int):
    require_instructor(request)
    return _set_out(own_set(request.user, pk))


@router.post("/sets/{pk}/items", response={201: s.SetItemOut, 409: s.Error, 422: s.Error, **REFUSED})
def add_item(request, pk: int, body: s.ItemIn):
    require_instructor(request)
    problem_set = own_set(request.user, pk)
    problem = Problem.objects.filter(pk=body.problem, is_published=True).first()
    if problem is None:
        raise HttpError(422, "No published problem has that id.")
    try:
        return Status(201, _item_out(problem_set.add(problem, body.points)))
    except IntegrityError as exc:
        raise HttpError(409, "That problem is already in the set.") from exc


def _cohort_out(cohort) -> dict:
    return {"id": cohort.pk, "name": cohort.name, "join_code": cohort.join_code,
            "members": list(cohort.members.order_by("username").values("id", "username", "email")),
            "invitations": list(cohort.invitations.values_list("email", flat=True))}


@router.get("/cohorts", response={200: list[s.CohortOut], 403: s.Error})
def cohorts(request):
    require_instructor(request)
    return [_cohort_out(c) for c in my_cohorts(request.user)]


@router.post("/cohorts", response={201: s.CohortOut, 403: s.Error})
def create_cohort(request, body: s.CohortIn):
    require_instructor(request)
    return Status(201, _cohort_out(Cohort.objects.create(owner=request.user, name=body.name)))


@router.get("/cohorts/{pk}", response={200: s.CohortOut, **REFUSED})
def cohort(request, pk: int):
    require_instructor(request)
    return _cohort_out(own_cohort(request.user, pk))


@router.post("/cohorts/{pk}/invitations", response={200: s.InviteOut, 422: s.Error, **REFUSED})
def invite(request, pk: int, body: s.InviteIn):
    """Invite learners by e-mail. Nobody joins until they accept (POST /invitations/{id}/accept or their
    Assignments page), so an instructor sees nobody's work without their consent."""
    require_instructor(request)
    cohort = own_cohort(request.user, pk)
    form = MembersForm({"emails": "\n".join(body.emails)})
    if not form.is_valid():
        raise HttpError(422, " ".join(m for msgs in form.errors.values() for m in msgs))
    report = roster.invite(cohort, form.cleaned_data["addresses"], request.user)
    return {"invited": report.invited, "already": report.already}


@router.get("/assignments", response={200: list[s.AssignmentOut], 403: s.Error})
def assignments(request):
    require_instructor(request)
    return [{"id": a.pk, "cohort_id": a.cohort_id, "cohort": a.cohort.name, "problem_set_id": a.problem_set_id,
             "problem_set": a.problem_set.title, "opens_at": a.opens_at, "due_at": a.due_at,
             "late_policy": a.late_policy} for a in my_assignments(request.user)]


@router.get("/assignments/{pk}/gradebook", response={200: s.GradebookOut, **REFUSED})
def gradebook(request, pk: int):
    """The gradebook page's cells. A submission id is given only where the page links it: made inside the
    assignment's window, so its code is shared with the instructor."""
    require_instructor(request)
    book = gb.gradebook(own_assignment(request.user, pk))
    return {"assignment_id": pk, "max_points": book.max_points, "problems": [_item_out(i) for i in book.items],
            "rows": [{"learner_id": row.learner.pk, "username": row.learner.username, "email": row.learner.email,
                      "total": row.total,
                      "cells": [{"problem_id": item.problem_id, "verdict": c.verdict, "attempts": c.attempts,
                                 "points": c.points, "late": c.late,
                                 "submission_id": c.submission_id if c.shared else None}
                                for item, c in zip(book.items, row.cells, strict=True)]}
                     for row in book.rows]}


@router.get("/assignments/{pk}/gradebook.csv", response={200: str, **REFUSED})
def gradebook_csv(request, pk: int):
    """The page's CSV export (LMS import shape; text cells that a spreadsheet would run are escaped)."""
    require_instructor(request)
    assignment = own_assignment(request.user, pk)
    response = HttpResponse(gb.to_csv(gb.gradebook(assignment)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{gb.csv_filename(assignment)}"'
    return response


def _job_out(job: RegradeJob) -> dict:
    return {"id": job.pk, "assignment_id": job.assignment_id, "problem_id": job.problem_id, "status": job.status,
            "total": job.total, "done": job.done, "changed": job.changed, "percent": job.percent,
            "created_at": job.created_at, "finished_at": job.finished_at}


@router.post("/assignments/{pk}/regrades", response={201: s.RegradeOut, **REFUSED})
def start_regrade(request, pk: int, body: s.RegradeIn):
    """Regrade one problem of the assignment for its cohort, in the background; poll the job."""
    require_instructor(request)
    assignment = own_assignment(request.user, pk)
    if not assignment.problem_set.items.filter(problem_id=body.problem).exists():
        raise HttpError(403, "That problem is not in this assignment.")
    return Status(201, _job_out(regrade.start(assignment, body.problem, request.user)))


@router.get("/assignments/{pk}/regrades/{job_id}", response={200: s.RegradeOut, **REFUSED})
def regrade_status(request, pk: int, job_id: int):
    require_instructor(request)
    return _job_out(get_object_or_404(RegradeJob, pk=job_id, assignment=own_assignment(request.user, pk)))
