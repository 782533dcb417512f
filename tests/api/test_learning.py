"""Learner endpoints: each allowed for its owner, refused to the wrong role, scope or user."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from submissions.models import Run, Submission
from teaching.models import Cohort, Invitation, Membership
from tests.api.cast import call, token_for
from tests.factories import make_dataset, make_problem, make_submission, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    ada, bob = make_user("ada"), make_user("bob")
    ada.email, bob.email = "ada@example.org", "bob@example.org"
    ada.save(update_fields=["email"])
    bob.save(update_fields=["email"])
    problem = make_problem(make_dataset("DX1", tables=[{"name": "px", "description": "prices", "rows": 3,
                                                        "columns": [{"name": "close", "type": "DOUBLE"}]}]))
    return {"ada": ada, "bob": bob, "problem": problem, "ada_token": token_for(ada, ["read", "submit"]),
            "bob_token": token_for(bob, ["read", "submit"]), "read_only": token_for(ada, ["read"])}


@pytest.fixture(autouse=True)
def _fresh_rate_counts():
    cache.clear()


def test_problems_list_uses_the_catalogue_filters(client, cast):
    hard = make_problem(difficulty="hard")
    make_submission(cast["ada"], hard, "ACCEPTED")
    listed = call(client, "get", "problems?difficulty=hard", cast["ada_token"]).json()
    assert [p["id"] for p in listed] == [hard.pk]
    assert listed[0]["solved"] is True
    assert call(client, "get", "problems?status=solved", cast["bob_token"]).json() == []


def test_an_unpublished_problem_is_404(client, cast):
    hidden = make_problem(is_published=False)
    assert call(client, "get", f"problems/{hidden.pk}", cast["ada_token"]).status_code == 404
    assert call(client, "get", f"problems/{cast['problem'].pk}", cast["ada_token"]).status_code == 200


def test_problem_detail_has_statement_and_schema(client, cast):
    body = call(client, "get", f"problems/{cast['problem'].pk}", cast["ada_token"]).json()
    assert body["statement_md"] == cast["problem"].statement_md
    assert body["tables"][0]["tables"][0]["columns"][0]["name"] == "close"


def test_datasets_list_and_dictionary(client, cast):
    assert [d["id"] for d in call(client, "get", "datasets", cast["ada_token"]).json()] == ["DX1"]
    tables = call(client, "get", "datasets/DX1", cast["ada_token"]).json()["tables"]
    assert tables[0]["name"] == "px"
    assert call(client, "get", "datasets/NOPE", cast["ada_token"]).status_code == 404


def test_preview_of_an_unknown_table_is_404_and_unbuilt_data_says_so(client, cast, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    assert call(client, "get", "datasets/DX1/tables/nope/preview", cast["ada_token"]).status_code == 404
    page = call(client, "get", "datasets/DX1/tables/px/preview", cast["ada_token"]).json()
    assert page["built"] is False
    assert page["rows"] == []


def test_submit_stores_and_queues_like_the_page(client, cast, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = call(client, "post", f"problems/{cast['problem'].pk}/submissions", cast["ada_token"],
                        {"code": "SELECT 1 AS x", "language": "sql"})
    assert response.status_code == 201
    sub = Submission.objects.get()
    assert (sub.learner, queued) == (cast["ada"], [sub.pk])


def test_submit_needs_the_submit_scope(client, cast, queued):
    response = call(client, "post", f"problems/{cast['problem'].pk}/submissions", cast["read_only"],
                    {"code": "SELECT 1 AS x"})
    assert response.status_code == 403
    assert not Submission.objects.exists()


def test_submit_refuses_what_the_page_refuses(client, cast, queued):
    response = call(client, "post", f"problems/{cast['problem'].pk}/submissions", cast["ada_token"],
                    {"code": "   ", "language": "sql"})
    assert response.status_code == 422
    assert response.json()["detail"] == "The code is empty."


def test_submit_keeps_the_in_flight_limit(client, cast, queued, settings):
    limit = settings.IN_FLIGHT_LIMITS["submit"]
    codes = [call(client, "post", f"problems/{cast['problem'].pk}/submissions", cast["ada_token"],
                  {"code": f"SELECT {i} AS x"}).status_code for i in range(limit + 1)]
    assert codes == [201] * limit + [429]


def test_submit_keeps_the_rate_limit(client, cast, queued, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "submit": 1}
    settings.IN_FLIGHT_LIMITS = {**settings.IN_FLIGHT_LIMITS, "submit": 10}
    codes = [call(client, "post", f"problems/{cast['problem'].pk}/submissions", cast["ada_token"],
                  {"code": "SELECT 1 AS x"}).status_code for _ in range(2)]
    assert codes == [201, 429]


def test_a_submission_is_readable_only_by_its_learner(client, cast):
    sub = make_submission(cast["ada"], cast["problem"], "WRONG_ANSWER", diff={"kind": "rows"})
    mine = call(client, "get", f"submissions/{sub.pk}", cast["ada_token"])
    assert (mine.status_code, mine.json()["verdict"]) == (200, "WRONG_ANSWER")
    assert call(client, "get", f"submissions/{sub.pk}", cast["bob_token"]).status_code == 404
    assert call(client, "get", "submissions", cast["bob_token"]).json() == []


def test_a_submission_shows_the_visible_time_only(client, cast):
    sub = make_submission(cast["ada"], cast["problem"], "ACCEPTED", elapsed_ms=987.0,
                          timings={"run_v0_ms": 12.0, "run_v1_ms": 975.0})
    body = call(client, "get", f"submissions/{sub.pk}", cast["ada_token"]).json()
    assert body["visible_ms"] == 12.0
    assert "975" not in str(body)
    assert "987" not in str(body)


def test_a_run_is_started_and_polled_by_its_learner_only(client, cast, monkeypatch):
    from submissions import tasks

    sent = []
    monkeypatch.setattr(tasks.run_code, "apply_async", lambda args, **kw: sent.append(args[0]))
    response = call(client, "post", f"problems/{cast['problem'].pk}/runs", cast["ada_token"],
                    {"code": "SELECT 1 AS x"})
    assert response.status_code == 201
    run = Run.objects.get()
    assert sent == [run.pk]
    assert call(client, "get", f"runs/{run.pk}", cast["ada_token"]).json()["status"] == "QUEUED"
    assert call(client, "get", f"runs/{run.pk}", cast["bob_token"]).status_code == 404
    assert call(client, "post", f"problems/{cast['problem'].pk}/runs", cast["read_only"],
                {"code": "SELECT 1"}).status_code == 403


def test_progress_is_ones_own(client, cast):
    make_submission(cast["ada"], cast["problem"], "ACCEPTED")
    assert call(client, "get", "progress", cast["ada_token"]).json()["solved"] == 1
    assert call(client, "get", "progress", cast["bob_token"]).json()["solved"] == 0


def test_an_invitation_is_accepted_only_by_its_addressee(client, cast):
    cohort = Cohort.objects.create(name="Risk 101", owner=make_user("ines", "instructor"))
    invite = Invitation.objects.create(cohort=cohort, email="ada@example.org")
    assert call(client, "get", "invitations", cast["bob_token"]).json() == []
    assert call(client, "post", f"invitations/{invite.pk}/accept", cast["bob_token"]).status_code == 404
    assert call(client, "post", f"invitations/{invite.pk}/accept", cast["ada_token"]).json()["joined"] is True
    assert Membership.objects.filter(cohort=cohort, learner=cast["ada"]).exists()
    assert not Membership.objects.filter(cohort=cohort, learner=cast["bob"]).exists()


def test_joining_by_code_is_the_learners_act(client, cast):
    cohort = Cohort.objects.create(name="Risk 101", owner=make_user("ines", "instructor"))
    assert call(client, "post", "cohorts/join", cast["ada_token"], {"code": "WRONGCDE"}).status_code == 404
    response = call(client, "post", "cohorts/join", cast["ada_token"], {"code": cohort.join_code.lower()})
    assert response.json() == {"cohort_id": cohort.pk, "joined": True}
