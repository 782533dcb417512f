"""Who may see what in teaching: instructors see their own sets and cohorts (admins see all); of a
learner's code, only what was submitted to a problem of one of the instructor's assignments, by a
member of that assignment's cohort, inside the assignment's window (from `opens_at` to `due_at`).
Learners see only their own assignments."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from teaching.models import Assignment, Cohort, ProblemSet


def instructor_required(view):
    """403 for anyone who is not an instructor or an admin (login is checked first)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_instructor:
            raise PermissionDenied("Only instructors can do this.")
        return view(request, *args, **kwargs)

    return wrapped


def _scoped(qs: QuerySet, user, owner_field: str = "owner") -> QuerySet:
    return qs if user.is_site_admin else qs.filter(**{owner_field: user})


def my_sets(user) -> QuerySet:
    return _scoped(ProblemSet.objects.all(), user)


def my_cohorts(user) -> QuerySet:
    return _scoped(Cohort.objects.all(), user)


def my_assignments(user) -> QuerySet:
    return _scoped(Assignment.objects.select_related("cohort", "problem_set"), user, "cohort__owner")


def own_set(user, pk: int) -> ProblemSet:
    return get_object_or_404(my_sets(user), pk=pk)


def own_cohort(user, pk: int) -> Cohort:
    return get_object_or_404(my_cohorts(user), pk=pk)


def own_assignment(user, pk: int) -> Assignment:
    return get_object_or_404(my_assignments(user), pk=pk)


def may_view_submission(user, submission) -> bool:
    """An admin may read any submission; an instructor one made to a problem of their assignment, by a
    member of its cohort, between the assignment's opening and its due date. Practice elsewhere, work
    before or after the window, and anyone who has not joined stay private."""
    if user.is_site_admin:
        return True
    return user.is_instructor and my_assignments(user).filter(
        cohort__members__pk=submission.learner_id,
        problem_set__items__problem_id=submission.problem_id,
        opens_at__lte=submission.created_at, due_at__gte=submission.created_at,
    ).exists()
