"""Instructors write problems in the web UI: drafts are private; publishing runs the references on
every variant, shows the expected result, and refuses when a reference fails or the two disagree."""

import pytest
from django.urls import reverse

from accounts.models import User
from catalog.models import Problem
from tests.factories import make_user, sync_catalog

pytestmark = pytest.mark.django_db

GOOD_SQL = "SELECT venue, count(*) AS sessions FROM trading_calendar WHERE is_open GROUP BY venue"
GOOD_PY = ("result = trading_calendar[trading_calendar['is_open']].groupby('venue').size()"
           ".rename('sessions').reset_index()")


@pytest.fixture
def ines(client, data_settings):
    sync_catalog()
    user = make_user("ines", User.Role.INSTRUCTOR)
    client.force_login(user)
    return user


def form(**overrides):
    data = {"title": "Venue sessions (draft)", "dataset": "D01", "difficulty": "easy", "topics": "GROUP BY, calendars",
            "statement_md": "Count the **open** sessions per venue.", "solution_sql": GOOD_SQL, "solution_py": "",
            "hints": "Filter on is_open.\nGroup by venue.", "why_it_matters": "Calendars decide what trades.",
            "match_columns": "name", "abs_tol": "1e-9", "rel_tol": "1e-6"}
    return {**data, **overrides}


def test_a_saved_draft_is_private_to_its_author(client, ines):
    response = client.post(reverse("authoring:new"), form(action="save"))
    problem = Problem.objects.get(title="Venue sessions (draft)")
    assert response.status_code == 302
    assert problem.is_published is False
    assert problem.id > 1000
    assert "Venue sessions (draft)" not in client.get(reverse("catalog:problem_list")).content.decode()
    client.force_login(make_user("ada"))
    assert client.get(reverse("catalog:problem_detail", args=[problem.pk])).status_code == 404
    assert client.get(reverse("authoring:edit", args=[problem.pk])).status_code == 403
    client.force_login(make_user("otto", User.Role.INSTRUCTOR))
    assert client.get(reverse("authoring:edit", args=[problem.pk])).status_code == 404


def test_publishing_runs_the_references_and_shows_the_expected_result(client, ines):
    response = client.post(reverse("authoring:new"), form(action="publish", solution_py=GOOD_PY))
    content = response.content.decode()
    problem = Problem.objects.get(title="Venue sessions (draft)")
    assert problem.is_published is True
    assert "Published" in content
    assert "sessions" in content
    assert "NXS" in content
    client.force_login(make_user("ada"))
    assert "Venue sessions (draft)" in client.get(reverse("catalog:problem_list")).content.decode()


def test_a_reference_that_fails_is_not_published_and_says_why(client, ines):
    content = client.post(reverse("authoring:new"), form(action="publish", solution_sql="SELECT nope FROM x")
                          ).content.decode()
    assert "Not published" in content
    assert "sql reference gave" in content
    assert Problem.objects.get(title="Venue sessions (draft)").is_published is False


def test_references_that_disagree_are_not_published(client, ines):
    wrong_py = GOOD_PY.replace("[trading_calendar['is_open']]", "")
    content = client.post(reverse("authoring:new"), form(action="publish", solution_py=wrong_py)).content.decode()
    assert "disagree" in content
    assert Problem.objects.get(title="Venue sessions (draft)").is_published is False


def test_a_broken_edit_to_a_published_problem_keeps_the_last_good_version(client, ines):
    client.post(reverse("authoring:new"), form(action="publish"))
    problem = Problem.objects.get(title="Venue sessions (draft)")
    version = problem.version
    content = client.post(reverse("authoring:edit", args=[problem.pk]),
                          form(action="publish", solution_sql="SELECT 1 WHERE false")).content.decode()
    assert "Your changes were not saved" in content
    problem.refresh_from_db()
    assert (problem.solution_sql, problem.version, problem.is_published) == (GOOD_SQL, version, True)


def test_a_form_without_any_reference_is_refused(client, ines):
    content = client.post(reverse("authoring:new"), form(action="save", solution_sql="")).content.decode()
    assert "Give at least one reference solution" in content
    assert not Problem.objects.filter(title="Venue sessions (draft)").exists()


def test_the_statement_preview_renders_markdown_safely(client, ines):
    html = client.post(reverse("authoring:preview"),
                       {"statement_md": "**bold** <script>alert(1)</script>"}).content.decode()
    assert "<strong>bold</strong>" in html
    assert "<script>" not in html


def test_syncing_problem_files_leaves_web_problems_published(client, ines):
    client.post(reverse("authoring:new"), form(action="publish"))
    sync_catalog()
    assert Problem.objects.get(title="Venue sessions (draft)").is_published is True


def test_learners_cannot_open_the_editor(client, ines):
    client.force_login(make_user("ada"))
    assert client.get(reverse("authoring:new")).status_code == 403
    assert client.post(reverse("authoring:preview"), {"statement_md": "x"}).status_code == 403
