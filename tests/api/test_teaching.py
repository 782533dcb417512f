"""Instructor and admin endpoints: allowed to the owner, refused to a learner, another instructor, or a token
without the `teach` scope."""

from __future__ import annotations

import csv
import io

import pytest

from accounts.models import User
from teaching.models import Invitation, Membership, ProblemSet, RegradeJob
from tests.api.cast import call, token_for
from tests.factories import make_dataset, make_problem, make_submission, make_user
from tests.teaching.cast import assignment_for, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    ines, otto = make_user("ines", User.Role.INSTRUCTOR), make_user("otto", User.Role.INSTRUCTOR)
    ada = make_user("ada")
    ada.first_name = "=HYPERLINK(\"x\")"
    ada.save(update_fields=["first_name"])
    problem = make_problem(make_dataset())
    assignment = assignment_for([ada], [(problem, 10)], instructor=ines)
    make_submission(ada, problem, "ACCEPTED", created_at=at(2))
    return {"ines": ines, "otto": otto, "ada": ada, "problem": problem, "assignment": assignment,
            "ines_token": token_for(ines), "otto_token": token_for(otto), "ada_token": token_for(ada),
            "ines_no_teach": token_for(ines, ["read", "submit"]),
            "admin_token": token_for(make_user("root", User.Role.ADMIN))}


OWNED = ["teach/sets/{set}", "teach/cohorts/{cohort}", "teach/assignments/{a}/gradebook",
         "teach/assignments/{a}/gradebook.csv"]


def _paths(cast):
    a = cast["assignment"]
    return [p.format(set=a.problem_set_id, cohort=a.cohort_id, a=a.pk) for p in OWNED]


def test_the_owner_reads_their_objects(client, cast):
    for path in _paths(cast):
        assert call(client, "get", path, cast["ines_token"]).status_code == 200, path


def test_another_instructor_gets_404_on_them(client, cast):
    for path in _paths(cast):
        assert call(client, "get", path, cast["otto_token"]).status_code == 404, path


def test_a_learner_is_refused_every_teaching_endpoint(client, cast):
    for path in [*_paths(cast), "teach/sets", "teach/cohorts", "teach/assignments"]:
        assert call(client, "get", path, cast["ada_token"]).status_code == 403, path


def test_a_token_without_teach_is_refused(client, cast):
    for path in [*_paths(cast), "teach/sets"]:
        assert call(client, "get", path, cast["ines_no_teach"]).status_code == 403, path


def test_lists_hold_only_ones_own(client, cast):
    assert [s["id"] for s in call(client, "get", "teach/sets", cast["ines_token"]).json()] == [
        cast["assignment"].problem_set_id]
    assert call(client, "get", "teach/sets", cast["otto_token"]).json() == []
    assert call(client, "get", "teach/assignments", cast["otto_token"]).json() == []


def test_an_instructor_makes_a_set_and_adds_a_problem_once(client, cast):
    made = call(client, "post", "teach/sets", cast["otto_token"], {"title": "Week 2"}).json()
    assert ProblemSet.objects.get(pk=made["id"]).owner == cast["otto"]
    path = f"teach/sets/{made['id']}/items"
    assert call(client, "post", path, cast["otto_token"], {"problem": cast["problem"].pk}).status_code == 201
    assert call(client, "post", path, cast["otto_token"], {"problem": cast["problem"].pk}).status_code == 409
    assert call(client, "post", path, cast["ines_token"], {"problem": cast["problem"].pk}).status_code == 404


def test_cohort_enrolment_is_by_invitation_only(client, cast):
    bob = make_user("bob")
    bob.email = "bob@example.org"
    bob.save(update_fields=["email"])
    cohort = cast["assignment"].cohort
    response = call(client, "post", f"teach/cohorts/{cohort.pk}/invitations", cast["ines_token"],
                    {"emails": ["bob@example.org"]})
    assert response.json()["invited"] == ["bob@example.org"]
    assert Invitation.objects.filter(cohort=cohort, email="bob@example.org").exists()
    assert not Membership.objects.filter(cohort=cohort, learner=bob).exists()
    assert call(client, "post", f"teach/cohorts/{cohort.pk}/invitations", cast["otto_token"],
                {"emails": ["bob@example.org"]}).status_code == 404


def test_the_gradebook_json_matches_the_cell(client, cast):
    book = call(client, "get", f"teach/assignments/{cast['assignment'].pk}/gradebook", cast["ines_token"]).json()
    cell = book["rows"][0]["cells"][0]
    assert (cell["verdict"], cell["points"], book["rows"][0]["username"]) == ("ACCEPTED", 10.0, "ada")


def test_the_gradebook_csv_escapes_formulas(client, cast):
    response = call(client, "get", f"teach/assignments/{cast['assignment'].pk}/gradebook.csv", cast["ines_token"])
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][0].startswith("'=")


def test_a_regrade_is_started_and_followed_by_its_owner(client, cast, monkeypatch):
    from teaching import tasks

    monkeypatch.setattr(tasks.regrade_submission, "delay", lambda *a: None)
    path = f"teach/assignments/{cast['assignment'].pk}/regrades"
    assert call(client, "post", path, cast["otto_token"], {"problem": cast["problem"].pk}).status_code == 404
    assert call(client, "post", path, cast["ines_token"], {"problem": 99999}).status_code == 403
    job = call(client, "post", path, cast["ines_token"], {"problem": cast["problem"].pk}).json()
    assert RegradeJob.objects.get(pk=job["id"]).total == job["total"] == 1
    assert call(client, "get", f"{path}/{job['id']}", cast["ines_token"]).json()["done"] == 0
    assert call(client, "get", f"{path}/{job['id']}", cast["otto_token"]).status_code == 404


@pytest.mark.parametrize("path", ["admin/datasets", "admin/dataset-jobs"])
def test_admin_endpoints_are_for_admins_only(client, cast, path):
    assert call(client, "get", path, cast["admin_token"]).status_code == 200
    assert call(client, "get", path, cast["ines_token"]).status_code == 403
    assert call(client, "get", path, cast["ada_token"]).status_code == 403


def test_dataset_versions_list_the_hashes(client, cast):
    make_dataset("DX2", variant_hashes={"0": "abc", "1": "def"})
    rows = {d["id"]: d for d in call(client, "get", "admin/datasets", cast["admin_token"]).json()}
    assert rows["DX2"]["version_hash"] == "abc"
