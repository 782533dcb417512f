"""Grade passback: when a learner who came through an LMS link gets a final verdict, their points for the
assignment (as the gradebook computes them) go back to the link's line item through AGS, with a token the
tool gets by signing a client assertion with its own key. Unchanged scores are not sent twice."""

import json

import jwt
import pytest
from django.urls import reverse
from django.utils import timezone
from pylti1p3.exception import LtiServiceException

from accounts.models import User
from lti import grades
from lti import tasks as lti_tasks
from lti.models import LtiOutcome, LtiPlatform, LtiResourceLink, LtiUser
from submissions.actions import submit
from submissions.tasks import grade_submission
from teaching.models import Assignment
from teaching.tasks import regrade_submission
from tests.factories import make_dataset, make_problem, make_submission, make_user
from tests.lti.fakeplatform import (
    CLIENT_ID,
    LINEITEM_URL,
    LINEITEMS_URL,
    SCOPE_LINEITEM,
    SCOPE_SCORE,
    TOKEN_URL,
    FakePlatform,
    FakeServices,
)
from tests.teaching.cast import assignment_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(monkeypatch):
    lms = FakePlatform()
    lms.register()
    fake = FakeServices(lms)
    monkeypatch.setattr("lti.tool.http_session", lambda: fake)
    return fake


@pytest.fixture
def course(client, services):
    """Week 1 (problem 871 for 10 points, 872 for 30), open since yesterday; ada launched it from the LMS."""
    ines = make_user("ines", User.Role.INSTRUCTOR)
    p1, p2 = make_problem(id=871), make_problem(id=872)
    assignment = assignment_for([], [(p1, 10), (p2, 30)], instructor=ines)
    Assignment.objects.filter(pk=assignment.pk).update(opens_at=timezone.now() - timezone.timedelta(days=1),
                                                       due_at=timezone.now() + timezone.timedelta(days=7))
    LtiResourceLink.objects.create(platform=LtiPlatform.objects.get(), resource_link_id="link-week-1",
                                   assignment=assignment)
    services.platform.launch(client)
    ada = LtiUser.objects.get(sub="learner-1").user
    return assignment, ada, p1, p2


def score_posts(services) -> list[tuple[str, dict, dict]]:
    return [(url, json.loads(data), headers) for _, url, data, headers in services.posts_to("/scores")]


def test_a_learners_points_are_posted_as_their_score_with_their_lti_user_id(services, course):
    assignment, ada, p1, _ = course
    make_submission(ada, p1, "ACCEPTED")
    assert grades.send_score(ada.pk, assignment.pk) == {"sent": 1, "unchanged": 0, "no_service": 0}
    [(url, score, headers)] = score_posts(services)
    assert url == LINEITEM_URL + "/scores"
    assert {k: score[k] for k in ("scoreGiven", "scoreMaximum", "userId", "activityProgress", "gradingProgress")} == {
        "scoreGiven": 10.0, "scoreMaximum": 40.0, "userId": "learner-1", "activityProgress": "InProgress",
        "gradingProgress": "FullyGraded"}
    assert score["timestamp"].endswith("+00:00")
    assert headers["Content-Type"] == "application/vnd.ims.lis.v1.score+json"


def test_the_score_is_sent_with_a_token_got_by_a_client_assertion_signed_with_the_tools_key(client, services, course):
    assignment, ada, p1, _ = course
    make_submission(ada, p1, "ACCEPTED")
    grades.send_score(ada.pk, assignment.pk)
    [(_, url, form, _)] = services.posts_to("/token")
    assert url == TOKEN_URL
    assert form["grant_type"] == "client_credentials"
    assert SCOPE_SCORE in form["scope"].split()
    published = client.get(reverse("lti:jwks")).json()["keys"][0]
    assert jwt.get_unverified_header(form["client_assertion"])["kid"] == published["kid"]
    claims = jwt.decode(form["client_assertion"], jwt.PyJWK.from_json(json.dumps(published)).key,
                        algorithms=["RS256"], audience=TOKEN_URL)
    assert claims["iss"] == claims["sub"] == CLIENT_ID
    [(_, _, headers)] = score_posts(services)
    assert headers["Authorization"].startswith("Bearer token-")


def test_an_unchanged_score_is_not_posted_again_and_a_new_one_is(services, course):
    assignment, ada, p1, p2 = course
    make_submission(ada, p1, "ACCEPTED")
    grades.send_score(ada.pk, assignment.pk)
    assert grades.send_score(ada.pk, assignment.pk) == {"sent": 0, "unchanged": 1, "no_service": 0}
    assert len(score_posts(services)) == 1
    make_submission(ada, p2, "ACCEPTED")
    grades.send_score(ada.pk, assignment.pk)
    last = score_posts(services)[-1][1]
    assert (last["scoreGiven"], last["activityProgress"]) == (40.0, "Completed")
    outcome = LtiOutcome.objects.get()
    assert (outcome.score_given, outcome.score_maximum, outcome.last_error) == (40.0, 40.0, "")


def test_a_late_answer_is_scored_under_the_assignments_late_policy(services, course):
    assignment, ada, p1, _ = course
    Assignment.objects.filter(pk=assignment.pk).update(due_at=timezone.now() - timezone.timedelta(hours=1),
                                                       late_policy="penalty", late_penalty_pct=50)
    make_submission(ada, p1, "ACCEPTED")
    grades.send_score(ada.pk, assignment.pk)
    assert score_posts(services)[0][1]["scoreGiven"] == 5.0


def test_a_link_without_a_line_item_gets_one_made_and_tagged_with_the_assignment(services, course):
    assignment, ada, p1, _ = course
    LtiResourceLink.objects.update(ags={"scope": [SCOPE_SCORE, SCOPE_LINEITEM], "lineitems": LINEITEMS_URL})
    make_submission(ada, p1, "ACCEPTED")
    grades.send_score(ada.pk, assignment.pk)
    [(_, _, created, _)] = services.posts_to("/line_items")
    assert json.loads(created) | {"label": ""} == {"tag": f"unwind-assignment-{assignment.pk}", "scoreMaximum": 40.0,
                                                   "label": "", "resourceLinkId": "link-week-1"}
    assert score_posts(services)[0][0] == LINEITEMS_URL + "/99/scores"


def test_a_platform_error_is_recorded_and_raised_so_the_task_retries(services, course):
    assignment, ada, p1, _ = course
    services.score_status = 500
    make_submission(ada, p1, "ACCEPTED")
    with pytest.raises(LtiServiceException):
        grades.send_score(ada.pk, assignment.pk)
    outcome = LtiOutcome.objects.get()
    assert outcome.sent_at is None
    assert "500" in outcome.last_error


def test_without_the_score_scope_nothing_is_posted_and_the_outcome_says_why(services, course):
    assignment, ada, p1, _ = course
    LtiResourceLink.objects.update(ags={"scope": ["https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"],
                                        "lineitem": LINEITEM_URL})
    make_submission(ada, p1, "ACCEPTED")
    assert grades.send_score(ada.pk, assignment.pk)["no_service"] == 1
    assert score_posts(services) == []
    assert "no score scope" in LtiOutcome.objects.get().last_error


@pytest.fixture
def queued(monkeypatch):
    sent = []
    monkeypatch.setattr("lti.tasks.send_score.delay", lambda learner, assignment: sent.append((learner, assignment)))
    return sent


def test_a_graded_submission_queues_the_score_of_its_lti_assignment(course, queued, monkeypatch):
    assignment, ada, p1, _ = course
    submission = make_submission(ada, p1, "ACCEPTED")
    monkeypatch.setattr("submissions.tasks.grade_stored", lambda pk: "ACCEPTED")
    grade_submission.apply(args=[submission.pk])
    assert queued == [(ada.pk, assignment.pk)]


def test_a_grading_task_that_wrote_no_verdict_queues_nothing(course, queued, monkeypatch):
    _, ada, p1, _ = course
    submission = make_submission(ada, p1, "ACCEPTED")
    monkeypatch.setattr("submissions.tasks.grade_stored", lambda pk: None)  # a redelivery of a final one
    grade_submission.apply(args=[submission.pk])
    assert queued == []


def test_a_learner_who_did_not_come_through_the_lms_queues_nothing(course, queued, monkeypatch):
    _, _, p1, _ = course
    submission = make_submission(make_user("bob"), p1, "ACCEPTED")
    monkeypatch.setattr("submissions.tasks.grade_stored", lambda pk: "ACCEPTED")
    grade_submission.apply(args=[submission.pk])
    assert queued == []


def test_a_regrade_that_changed_a_verdict_queues_the_score_too(course, queued, monkeypatch):
    assignment, ada, p1, _ = course
    submission = make_submission(ada, p1, "ACCEPTED")
    monkeypatch.setattr("teaching.tasks.regrade_one", lambda job, pk: True)
    regrade_submission.apply(args=[1, submission.pk])
    assert queued == [(ada.pk, assignment.pk)]


def test_a_refusal_by_the_platform_is_recorded_and_not_retried(services, course):
    assignment, ada, p1, _ = course
    services.score_status = 400
    make_submission(ada, p1, "ACCEPTED")
    assert lti_tasks.send_score.apply(args=[ada.pk, assignment.pk]).get() == {"failed": 1}
    assert len(score_posts(services)) == 1
    assert "400" in LtiOutcome.objects.get().last_error


def test_a_platform_that_is_down_is_tried_again_then_given_up_on(services, course):
    assignment, ada, p1, _ = course
    services.score_status = 503
    make_submission(ada, p1, "ACCEPTED")
    assert lti_tasks.send_score.apply(args=[ada.pk, assignment.pk]).get() == {"failed": 1}
    assert len(score_posts(services)) == 1 + lti_tasks.MAX_RETRIES  # eagerly here; 30 s to 30 min apart in a worker


def test_end_to_end_a_learner_from_the_lms_submits_and_the_lms_receives_their_score(
        client, services, data_settings, monkeypatch, django_capture_on_commit_callbacks):
    """The real path on the lite data: launch, submit, the grading task writes ACCEPTED, its end queues
    lti.send_score, which posts 10 of 10 (tasks run eagerly here instead of in a worker)."""
    problem = make_problem(dataset=make_dataset("D01"), id=879, solution_sql="SELECT 1 AS x")
    assignment = assignment_for([], [(problem, 10)], instructor=make_user("ines", User.Role.INSTRUCTOR))
    Assignment.objects.filter(pk=assignment.pk).update(opens_at=timezone.now() - timezone.timedelta(days=1))
    LtiResourceLink.objects.create(platform=LtiPlatform.objects.get(), resource_link_id="link-week-1",
                                   assignment=assignment)
    services.platform.launch(client)
    monkeypatch.setattr("submissions.tasks.grade_submission.apply_async",
                        lambda args, **options: grade_submission.apply(args=args))
    monkeypatch.setattr("lti.tasks.send_score.delay", lambda *ids: lti_tasks.send_score.apply(args=ids))
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit(LtiUser.objects.get().user, problem, "SELECT 1 AS x", "sql")
    submission.refresh_from_db()
    assert submission.verdict == "ACCEPTED"
    [(_, score, _)] = score_posts(services)
    assert (score["scoreGiven"], score["scoreMaximum"], score["userId"]) == (10.0, 10.0, "learner-1")
