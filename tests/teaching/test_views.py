"""Instructors build sets and cohorts, assign, read and export the gradebook; every page enforces who
may see it (a learner sees no gradebook and no one else's code; an instructor only their cohorts)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from teaching.models import Assignment, Cohort, Membership, ProblemSetItem
from tests.factories import make_problem, make_submission, make_user
from tests.teaching.cast import assignment_for, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def ines(client):
    user = make_user("ines", User.Role.INSTRUCTOR)
    client.force_login(user)
    return user


@pytest.fixture
def course(ines):
    ada = make_user("ada")
    return assignment_for([ada], [(make_problem(id=811), 10)], instructor=ines), ada


def test_an_instructor_creates_a_set_adds_problems_and_reorders_them(client, ines):
    p1, p2 = make_problem(id=821), make_problem(id=822)
    response = client.post(reverse("teaching:set_create"), {"title": "Week 2"})
    set_url = response["Location"]
    client.post(set_url, {"problem": p1.pk, "points": 10})
    client.post(set_url, {"problem": p2.pk, "points": 30})
    second = ProblemSetItem.objects.get(problem=p2)
    client.post(reverse("teaching:set_item", args=[second.problem_set_id, second.pk]), {"action": "up"})
    assert list(second.problem_set.items.values_list("problem_id", "points")) == [(822, 30), (821, 10)]


def test_adding_the_same_problem_twice_is_refused_with_a_message(client, ines):
    problem = make_problem(id=823)
    set_url = client.post(reverse("teaching:set_create"), {"title": "Week 2"})["Location"]
    client.post(set_url, {"problem": problem.pk, "points": 10})
    response = client.post(set_url, {"problem": problem.pk, "points": 10}, follow=True)
    assert "already in the set" in response.content.decode()
    assert ProblemSetItem.objects.filter(problem=problem).count() == 1


def test_an_instructor_invites_learners_by_email_pasted_or_in_a_csv(client, ines):
    cohort = Cohort.objects.create(name="Risk 101", owner=ines)
    csv_file = ("roster.csv", b"name,email\nBo,bo@example.org\n", "text/csv")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("teaching:cohort_detail", args=[cohort.pk]), {
        "form": "members", "emails": "ada@example.org", "csv_file": SimpleUploadedFile(*csv_file)}, follow=True)
    assert "Invited 2 learner(s)" in response.content.decode()
    assert sorted(cohort.invitations.values_list("email", flat=True)) == ["ada@example.org", "bo@example.org"]
    assert cohort.members.count() == 0
    assert not User.objects.filter(email="bo@example.org").exists()


def test_a_bad_email_is_reported_and_nobody_is_added(client, ines):
    cohort = Cohort.objects.create(name="Risk 101", owner=ines)
    response = client.post(reverse("teaching:cohort_detail", args=[cohort.pk]),
                           {"form": "members", "emails": "ada@example.org, not-an-address"})
    assert "Not e-mail addresses: not-an-address" in response.content.decode()
    assert cohort.members.count() == 0
    assert not cohort.invitations.exists()


def test_an_assignment_due_before_it_opens_is_refused(client, ines):
    cohort = Cohort.objects.create(name="Risk 101", owner=ines)
    set_url = client.post(reverse("teaching:set_create"), {"title": "Week 2"})["Location"]
    set_pk = int(set_url.rstrip("/").rsplit("/", 1)[1])
    response = client.post(reverse("teaching:cohort_detail", args=[cohort.pk]), {
        "form": "assign", "problem_set": set_pk, "opens_at": "2037-06-10T09:00", "due_at": "2037-06-01T09:00",
        "late_policy": "accept", "late_penalty_pct": 0})
    assert "The due date must come after the open date." in response.content.decode()
    assert not Assignment.objects.exists()


def test_a_learner_joins_with_the_code_and_sees_the_assignment(client, course):
    assignment, _ = course
    Assignment.objects.filter(pk=assignment.pk).update(opens_at=timezone.now() - dt.timedelta(days=1))
    bo = make_user("bo")
    client.force_login(bo)
    client.post(reverse("teaching:join"), {"code": assignment.cohort.join_code.lower()})
    assert Membership.objects.filter(cohort=assignment.cohort, learner=bo).exists()
    page = client.get(reverse("teaching:my_assignments")).content.decode()
    assert "Week 1" in page
    assert "811. Test problem 811" in page


def test_a_wrong_join_code_says_so(client):
    client.force_login(make_user("bo"))
    response = client.post(reverse("teaching:join"), {"code": "ZZZZZZZZ"}, follow=True)
    assert "No cohort has that join code" in response.content.decode()


def test_the_gradebook_shows_each_learners_outcome_and_exports_csv(client, course):
    assignment, ada = course
    make_submission(ada, assignment.problem_set.items.get().problem, "ACCEPTED", created_at=at(3))
    page = client.get(reverse("teaching:gradebook", args=[assignment.pk])).content.decode()
    assert "✓ 10" in page
    response = client.get(reverse("teaching:gradebook_csv", args=[assignment.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert "ada" in response.content.decode()


def test_an_instructor_reads_a_cohort_learners_code_from_the_gradebook(client, course):
    assignment, ada = course
    sub = make_submission(ada, assignment.problem_set.items.get().problem, "WRONG_ANSWER",
                          code="SELECT 'ada wrote this'", created_at=at(3))
    page = client.get(reverse("teaching:submission", args=[sub.pk])).content.decode()
    assert "ada wrote this" in page


TEACHING_PAGES = ["teaching:home", "teaching:gradebook", "teaching:gradebook_csv", "teaching:cohort_detail",
                  "teaching:set_detail"]


def _url(name, assignment):
    args = {"teaching:home": [], "teaching:cohort_detail": [assignment.cohort_id],
            "teaching:set_detail": [assignment.problem_set_id]}.get(name, [assignment.pk])
    return reverse(name, args=args)


@pytest.mark.parametrize("name", TEACHING_PAGES)
def test_a_learner_gets_403_on_every_teaching_page(client, course, name):
    assignment, ada = course
    client.force_login(ada)
    assert client.get(_url(name, assignment)).status_code == 403


@pytest.mark.parametrize("name", TEACHING_PAGES[1:])
def test_another_instructor_cannot_see_my_cohorts_sets_or_gradebook(client, course, name):
    assignment, _ = course
    client.force_login(make_user("otto", User.Role.INSTRUCTOR))
    assert client.get(_url(name, assignment)).status_code == 404


def test_another_instructor_cannot_read_my_learners_code(client, course):
    assignment, ada = course
    sub = make_submission(ada, assignment.problem_set.items.get().problem, "ACCEPTED", created_at=at(3))
    client.force_login(make_user("otto", User.Role.INSTRUCTOR))
    assert client.get(reverse("teaching:submission", args=[sub.pk])).status_code == 403


def test_an_admin_sees_every_gradebook(client, course):
    assignment, _ = course
    client.force_login(make_user("root", User.Role.ADMIN))
    assert client.get(reverse("teaching:gradebook", args=[assignment.pk])).status_code == 200


def test_teaching_pages_need_a_login(client, course):
    assignment, _ = course
    client.logout()
    response = client.get(reverse("teaching:gradebook", args=[assignment.pk]))
    assert response.status_code == 302


def test_posts_without_a_csrf_token_are_refused():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(make_user("ines2", User.Role.INSTRUCTOR))
    assert strict.post(reverse("teaching:set_create"), {"title": "x"}).status_code == 403


def test_starting_a_regrade_shows_its_progress_fragment(client, course, monkeypatch):
    assignment, ada = course
    problem = assignment.problem_set.items.get().problem
    make_submission(ada, problem, "ACCEPTED", created_at=timezone.now())
    Assignment.objects.filter(pk=assignment.pk).update(opens_at=timezone.now() - dt.timedelta(days=1))
    monkeypatch.setattr("teaching.tasks.regrade_submission.delay", lambda *a: None)
    response = client.post(reverse("teaching:regrade_start", args=[assignment.pk]), {"problem": problem.pk})
    content = response.content.decode()
    assert "0 of 1 submissions" in content
    assert "<progress" in content
    assert "hx-get" in content  # it polls until done


def test_a_regrade_of_a_problem_outside_the_assignment_is_refused(client, course):
    assignment, _ = course
    other = make_problem(id=899)
    assert client.post(reverse("teaching:regrade_start", args=[assignment.pk]),
                       {"problem": other.pk}).status_code == 403
