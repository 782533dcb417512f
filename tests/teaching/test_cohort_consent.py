"""Joining a cohort is the learner's act, and an instructor reads only the code a learner submitted to
that instructor's assignments, inside the assignment's window (issue 16, part 2).

The attack: an instructor typed any e-mail into their cohort and then read every submission of that
person. Now an instructor's e-mail list only invites; the learner accepts (or joins with the code or
the join link); an admin's roster import and an LTI launch still add members directly.
"""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import User
from teaching.models import Cohort, Invitation, Membership
from tests.factories import make_problem, make_submission, make_user
from tests.teaching.cast import assignment_for, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def ines():
    return make_user("ines", User.Role.INSTRUCTOR)


@pytest.fixture
def stranger():
    user = make_user("sam")
    User.objects.filter(pk=user.pk).update(email="sam@example.org")
    user.email = "sam@example.org"
    return user


@pytest.fixture
def course(ines):
    """ines's assignment (one problem, open 06-01 00:00, due 06-10 23:00) to a cohort with nobody in it."""
    return assignment_for([], [(make_problem(id=831), 10)], instructor=ines)


def problem_of(assignment):
    return assignment.problem_set.items.get().problem


def invite(client, cohort, *addresses):
    return client.post(reverse("teaching:cohort_detail", args=[cohort.pk]),
                       {"form": "members", "emails": "\n".join(addresses)}, follow=True)


def code_page(client, submission):
    return client.get(reverse("teaching:submission", args=[submission.pk]))


# (a) an e-mail typed by an instructor is an invitation, not a membership

def test_an_instructors_email_list_does_not_make_anyone_a_member(client, ines, stranger, course):
    client.force_login(ines)
    invite(client, course.cohort, stranger.email)
    assert not course.cohort.members.filter(pk=stranger.pk).exists()
    assert Invitation.objects.filter(cohort=course.cohort, email=stranger.email).exists()


def test_an_instructor_cannot_read_the_code_of_someone_they_only_invited(client, ines, stranger, course):
    secret = make_submission(stranger, problem_of(course), code="SELECT 'sam private'", created_at=at(3))
    client.force_login(ines)
    invite(client, course.cohort, stranger.email)
    assert code_page(client, secret).status_code == 403


def test_an_invited_learner_sees_the_invitation_and_accepts_it(client, ines, stranger, course):
    Invitation.objects.create(cohort=course.cohort, email=stranger.email, invited_by=ines)
    client.force_login(stranger)
    page = client.get(reverse("teaching:my_assignments")).content.decode()
    assert course.cohort.name in page
    assert "ines" in page
    invitation = Invitation.objects.get()
    client.post(reverse("teaching:invitation", args=[invitation.pk]), {"action": "accept"})
    assert course.cohort.members.filter(pk=stranger.pk).exists()
    assert not Invitation.objects.exists()


def test_once_the_learner_accepts_the_instructor_reads_their_assignment_code(client, ines, stranger, course):
    sub = make_submission(stranger, problem_of(course), code="SELECT 'sam for the assignment'", created_at=at(3))
    invitation = Invitation.objects.create(cohort=course.cohort, email=stranger.email, invited_by=ines)
    client.force_login(stranger)
    client.post(reverse("teaching:invitation", args=[invitation.pk]), {"action": "accept"})
    client.force_login(ines)
    assert "sam for the assignment" in code_page(client, sub).content.decode()


def test_a_declined_invitation_is_gone_and_the_learner_is_not_a_member(client, ines, stranger, course):
    invitation = Invitation.objects.create(cohort=course.cohort, email=stranger.email, invited_by=ines)
    client.force_login(stranger)
    client.post(reverse("teaching:invitation", args=[invitation.pk]), {"action": "decline"})
    assert not Invitation.objects.exists()
    assert not course.cohort.members.filter(pk=stranger.pk).exists()


def test_nobody_can_accept_an_invitation_addressed_to_someone_else(client, ines, stranger, course):
    invitation = Invitation.objects.create(cohort=course.cohort, email=stranger.email, invited_by=ines)
    client.force_login(make_user("mallory"))
    response = client.post(reverse("teaching:invitation", args=[invitation.pk]), {"action": "accept"})
    assert response.status_code == 404
    assert course.cohort.members.count() == 0


def test_an_admins_roster_import_adds_members_and_makes_missing_accounts(client, stranger):
    cohort = Cohort.objects.create(name="Risk 101", owner=make_user("ines", User.Role.INSTRUCTOR))
    client.force_login(make_user("root", User.Role.ADMIN))
    response = invite(client, cohort, stranger.email, "bo@example.org")
    assert "Added 2 learner(s); 1 new account(s) created." in response.content.decode()
    assert sorted(cohort.members.values_list("email", flat=True)) == ["bo@example.org", stranger.email]
    assert not User.objects.get(email="bo@example.org").has_usable_password()


# (b) a member's code outside the instructor's assignments or outside the window stays private

@pytest.fixture
def member(stranger, course):
    Membership.objects.create(cohort=course.cohort, learner=stranger)
    return stranger


def test_a_members_code_for_a_problem_outside_the_assignments_is_private(client, ines, member, course):
    elsewhere = make_submission(member, make_problem(id=832), code="SELECT 'practice'", created_at=at(3))
    client.force_login(ines)
    assert code_page(client, elsewhere).status_code == 403


@pytest.mark.parametrize("when", ["before it opens", "after it is due"])
def test_a_members_code_outside_the_assignment_window_is_private(client, ines, member, course, when):
    moment = course.opens_at - dt.timedelta(minutes=1) if when == "before it opens" \
        else course.due_at + dt.timedelta(minutes=1)
    sub = make_submission(member, problem_of(course), code="SELECT 'not for the course'", created_at=moment)
    client.force_login(ines)
    assert code_page(client, sub).status_code == 403


def test_a_members_code_inside_the_window_is_readable(client, ines, member, course):
    sub = make_submission(member, problem_of(course), code="SELECT 'homework'", created_at=course.due_at)
    client.force_login(ines)
    assert "homework" in code_page(client, sub).content.decode()


def test_another_instructors_assignment_of_the_same_problem_does_not_open_my_cohort(client, member, course):
    """otto assigns the same problem to his own cohort, without sam in it: sam's code stays private."""
    otto = make_user("otto", User.Role.INSTRUCTOR)
    assignment_for([], [(problem_of(course), 10)], instructor=otto)
    sub = make_submission(member, problem_of(course), created_at=at(3))
    client.force_login(otto)
    assert code_page(client, sub).status_code == 403


def test_the_gradebook_does_not_link_a_submission_made_after_the_due_date(client, ines, member, course):
    late = make_submission(member, problem_of(course), "ACCEPTED", created_at=course.due_at + dt.timedelta(days=1))
    client.force_login(ines)
    page = client.get(reverse("teaching:gradebook", args=[course.pk])).content.decode()
    assert "✓ 10" in page  # still scored under the late policy
    assert reverse("teaching:submission", args=[late.pk]) not in page


def test_the_gradebook_links_a_submission_inside_the_window(client, ines, member, course):
    sub = make_submission(member, problem_of(course), "ACCEPTED", created_at=at(3))
    client.force_login(ines)
    page = client.get(reverse("teaching:gradebook", args=[course.pk])).content.decode()
    assert reverse("teaching:submission", args=[sub.pk]) in page


# (c) the join link: the learner sees whose cohort it is and joins with one POST

def test_the_join_link_names_the_cohort_and_its_instructor_and_joins_nobody_by_itself(client, stranger, course):
    client.force_login(stranger)
    page = client.get(reverse("teaching:join_link", args=[course.cohort.join_code])).content.decode()
    assert course.cohort.name in page
    assert "ines" in page
    assert not course.cohort.members.exists()


def test_a_learner_who_joins_by_the_link_has_their_assignment_code_read(client, ines, stranger, course):
    sub = make_submission(stranger, problem_of(course), code="SELECT 'joined by link'", created_at=at(3))
    client.force_login(stranger)
    client.post(reverse("teaching:join"), {"code": course.cohort.join_code})
    client.force_login(ines)
    assert "joined by link" in code_page(client, sub).content.decode()


def test_an_unknown_join_link_is_404(client, stranger):
    client.force_login(stranger)
    assert client.get(reverse("teaching:join_link", args=["ZZZZZZZZ"])).status_code == 404


def test_the_instructor_replaces_the_code_and_the_old_one_joins_nobody(client, ines, stranger, course):
    old = course.cohort.join_code
    client.force_login(ines)
    client.post(reverse("teaching:cohort_detail", args=[course.cohort.pk]), {"form": "code"})
    course.cohort.refresh_from_db()
    assert course.cohort.join_code != old
    client.force_login(stranger)
    client.post(reverse("teaching:join"), {"code": old})
    assert not course.cohort.members.exists()
