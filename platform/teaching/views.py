"""Instructor pages (sets, cohorts, assignments, gradebook, regrade) and the learner's assignments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from submissions.models import Submission
from teaching import gradebook as gb
from teaching import regrade, roster
from teaching.access import (
    instructor_required,
    may_view_submission,
    my_assignments,
    my_cohorts,
    my_sets,
    own_assignment,
    own_cohort,
    own_set,
)
from teaching.forms import AddProblemForm, AssignmentForm, CohortForm, JoinForm, MembersForm, ProblemSetForm
from teaching.models import Assignment, Cohort, ProblemSet, ProblemSetItem, RegradeJob


@instructor_required
def home(request):
    return render(request, "teaching/home.html", {
        "sets": my_sets(request.user).prefetch_related("items"),
        "cohorts": my_cohorts(request.user).prefetch_related("members"),
        "assignments": my_assignments(request.user),
        "set_form": ProblemSetForm(), "cohort_form": CohortForm(),
    })


@instructor_required
@require_POST
def set_create(request):
    form = ProblemSetForm(request.POST)
    if not form.is_valid():
        messages.error(request, "A problem set needs a title.")
        return redirect("teaching:home")
    problem_set = ProblemSet.objects.create(owner=request.user, **form.cleaned_data)
    return redirect("teaching:set_detail", problem_set.pk)


@instructor_required
def set_detail(request, pk: int):
    problem_set = own_set(request.user, pk)
    form = AddProblemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            problem_set.add(**form.cleaned_data)
        except IntegrityError:
            messages.error(request, "That problem is already in the set.")
        return redirect("teaching:set_detail", pk)
    return render(request, "teaching/set_detail.html", {"set": problem_set, "form": form,
                                                        "items": problem_set.items.select_related("problem")})


@instructor_required
@require_POST
def set_item(request, pk: int, item_id: int):
    """Move an item up or down, change its points, or remove it."""
    problem_set = own_set(request.user, pk)
    item = get_object_or_404(problem_set.items, pk=item_id)
    action = request.POST.get("action")
    items = list(problem_set.items.all())
    index = items.index(item)
    if action in ("up", "down"):
        other = index - 1 if action == "up" else index + 1
        if 0 <= other < len(items):
            items[index], items[other] = items[other], items[index]
            for position, it in enumerate(items, start=1):
                ProblemSetItem.objects.filter(pk=it.pk).update(position=position)
    elif action == "points" and request.POST.get("points", "").isdigit():
        item.points = max(1, min(1000, int(request.POST["points"])))
        item.save(update_fields=["points"])
    elif action == "remove":
        item.delete()
    return redirect("teaching:set_detail", pk)


@instructor_required
@require_POST
def cohort_create(request):
    form = CohortForm(request.POST)
    if not form.is_valid():
        messages.error(request, "A cohort needs a name.")
        return redirect("teaching:home")
    cohort = Cohort.objects.create(owner=request.user, **form.cleaned_data)
    return redirect("teaching:cohort_detail", cohort.pk)


@instructor_required
def cohort_detail(request, pk: int):
    cohort = own_cohort(request.user, pk)
    members_form = MembersForm()
    assign_form = AssignmentForm(sets=my_sets(request.user))
    if request.method == "POST" and request.POST.get("form") == "members":
        members_form = MembersForm(request.POST, request.FILES)
        if members_form.is_valid():
            addresses = members_form.cleaned_data["addresses"]
            if request.user.is_site_admin:  # an admin's roster import adds members directly
                report = roster.add_members(cohort, addresses)
                messages.success(request, f"Added {len(report.added)} learner(s)"
                                 + (f"; {len(report.created)} new account(s) created" if report.created else "")
                                 + (f"; {len(report.already)} already in the cohort" if report.already else "")
                                 + ".")
            else:  # an instructor's list only invites: each learner accepts on their Assignments page
                report = roster.invite(cohort, addresses, request.user)
                messages.success(request, f"Invited {len(report.invited)} learner(s)"
                                 + (f"; {len(report.already)} already in or invited" if report.already else "")
                                 + ". They join when they accept the invitation on their Assignments page.")
            return redirect("teaching:cohort_detail", pk)
    elif request.method == "POST" and request.POST.get("form") == "code":
        cohort.new_code()
        messages.success(request, "The cohort has a new join code; the old code and link no longer work.")
        return redirect("teaching:cohort_detail", pk)
    elif request.method == "POST" and request.POST.get("form") == "assign":
        assign_form = AssignmentForm(request.POST, sets=my_sets(request.user))
        if assign_form.is_valid():
            assignment = assign_form.save(commit=False)
            assignment.cohort = cohort
            assignment.save()
            return redirect("teaching:gradebook", assignment.pk)
    return render(request, "teaching/cohort_detail.html", {
        "cohort": cohort, "members": cohort.members.order_by("username"),
        "invitations": cohort.invitations.all(),
        "join_url": request.build_absolute_uri(reverse("teaching:join_link", args=[cohort.join_code])),
        "assignments": cohort.assignments.select_related("problem_set"),
        "members_form": members_form, "assign_form": assign_form,
    })


@instructor_required
def gradebook(request, pk: int):
    assignment = own_assignment(request.user, pk)
    book = gb.gradebook(assignment)
    base = reverse("teaching:submission", args=[0]).removesuffix("0/")
    for row in book.rows:
        row.cells_html = _cells_html(row.cells, base)
    return render(request, "teaching/gradebook.html", {
        "book": book, "assignment": assignment, "rows": book.rows,
        "regrades": assignment.regrades.select_related("problem")[:5],
    })


def _cells_html(cells: list[gb.Cell], base: str) -> str:
    """A gradebook row's cells as HTML. Built here rather than in the template: 300 x 20 cells through
    the template engine took most of the page's 300 ms. Every value is a number or a verdict name."""
    out = []
    for c in cells:
        if c.submission_id is None:
            out.append('<td class="cell v-none"><span class="muted">·</span></td>')
            continue
        late = ' <span class="late">late</span>' if c.late else ""
        title = f"{escape(c.verdict)} · {c.attempts} attempts"
        if not c.shared:  # made after the due date: scored, but its code is the learner's own
            out.append(f'<td class="cell v-{escape(c.css)}"><span title="{title} · after the due date, code not '
                       f'shared">{escape(c.label)}</span>{late}</td>')
            continue
        out.append(f'<td class="cell v-{escape(c.css)}"><a href="{base}{c.submission_id}/" '
                   f'title="{title}">{escape(c.label)}</a>{late}</td>')
    return mark_safe("".join(out))  # every dynamic value above is escaped or an integer


@instructor_required
def gradebook_csv(request, pk: int):
    assignment = own_assignment(request.user, pk)
    response = HttpResponse(gb.to_csv(gb.gradebook(assignment)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{gb.csv_filename(assignment)}"'
    return response


@instructor_required
@require_POST
def regrade_start(request, pk: int):
    assignment = own_assignment(request.user, pk)
    problem_id = int(request.POST.get("problem", "0") or 0)
    if not assignment.problem_set.items.filter(problem_id=problem_id).exists():
        raise PermissionDenied("That problem is not in this assignment.")
    job = regrade.start(assignment, problem_id, request.user)
    return render(request, "teaching/_regrade.html", {"job": job, "assignment": assignment})


@instructor_required
def regrade_status(request, pk: int, job_id: int):
    assignment = own_assignment(request.user, pk)
    job = get_object_or_404(RegradeJob, pk=job_id, assignment=assignment)
    return render(request, "teaching/_regrade.html", {"job": job, "assignment": assignment})


@instructor_required
def submission(request, pk: int):
    """Drill-down from the gradebook: a submission made to one of the instructor's assignments, by a
    member of its cohort, inside its window (`access.may_view_submission`)."""
    sub = get_object_or_404(Submission.objects.select_related("problem", "learner"), pk=pk)
    if not may_view_submission(request.user, sub):
        raise PermissionDenied("That submission was not made to one of your assignments while it was open.")
    return render(request, "teaching/submission.html", {"submission": sub})


@login_required
def my_assignments_page(request):
    assignments = (Assignment.objects.filter(cohort__members=request.user)
                   .select_related("cohort", "problem_set").order_by("due_at"))
    now = timezone.now()
    rows = []
    for assignment in assignments:
        book = gb.gradebook(assignment, learners=[request.user])
        row = book.rows[0]
        rows.append({"assignment": assignment, "book": book, "row": row,
                     "pairs": list(zip(book.items, row.cells, strict=True)),
                     "open": assignment.opens_at <= now, "overdue": assignment.due_at < now})
    return render(request, "teaching/my_assignments.html", {"rows": rows, "join_form": JoinForm(),
                                                            "invitations": roster.invitations_for(request.user)})


@login_required
@require_POST
def join(request):
    form = JoinForm(request.POST)
    cohort = Cohort.objects.filter(join_code=form.cleaned_data["code"]).first() if form.is_valid() else None
    if cohort is None:
        messages.error(request, "No cohort has that join code. Check it with your instructor.")
    elif roster.join(cohort, request.user):
        messages.success(request, f"You joined {cohort.name}.")
    else:
        messages.info(request, f"You are already in {cohort.name}.")
    return redirect("teaching:my_assignments")


@login_required
def join_link(request, code: str):
    """The page a join link opens: whose cohort it is, and a button; only the learner's POST joins."""
    cohort = get_object_or_404(Cohort.objects.select_related("owner"), join_code=code.strip().upper())
    return render(request, "teaching/join.html", {
        "cohort": cohort, "member": cohort.members.filter(pk=request.user.pk).exists()})


@login_required
@require_POST
def invitation(request, pk: int):
    """The invited learner accepts or declines; an invitation addressed to another e-mail is 404."""
    invite = get_object_or_404(roster.invitations_for(request.user), pk=pk)
    if request.POST.get("action") == "accept":
        roster.accept(invite, request.user)
        messages.success(request, f"You joined {invite.cohort.name}.")
    else:
        invite.delete()
        messages.info(request, f"You declined the invitation to {invite.cohort.name}.")
    return redirect("teaching:my_assignments")
