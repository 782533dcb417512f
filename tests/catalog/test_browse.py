"""The catalogue: filters, search, sort, statistics, and a bounded number of queries."""

import pytest
from django.urls import reverse

from submissions.models import Submission
from tests.factories import make_dataset, make_problem, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(client):
    """Ada (logged in) and Ben; three problems on two datasets."""
    ada, ben = make_user("ada"), make_user("ben")
    d1, d2 = make_dataset("DX1", title="Bars"), make_dataset("DX2", title="Funds")
    problems = {
        "returns": make_problem(d1, title="Daily returns", topics=["LAG"], difficulty="easy"),
        "drawdown": make_problem(d1, title="Max drawdown", topics=["running max"], difficulty="hard",
                                 statement_md="Find the trough of ZVLT."),
        "nav": make_problem(d2, title="NAV identity", topics=["LAG", "identity"], difficulty="medium",
                            solution_py="result = 1"),
    }
    client.force_login(ada)
    return {"ada": ada, "ben": ben, **problems}


def titles(client, **params):
    return [p.title for p in client.get(reverse("catalog:problem_list"), params).context["problems"]]


def submit(learner, problem, verdict):
    Submission.objects.create(learner=learner, problem=problem, language="sql", code="SELECT 1",
                              status="DONE", verdict=verdict)


def test_filters_by_dataset_difficulty_topic_and_language(client, cast):
    assert titles(client, dataset="DX2") == ["NAV identity"]
    assert titles(client, difficulty="hard") == ["Max drawdown"]
    assert titles(client, topic="LAG") == ["Daily returns", "NAV identity"]
    assert titles(client, language="python") == ["NAV identity"]


def test_search_looks_in_titles_and_statements(client, cast):
    assert titles(client, q="zvlt") == ["Max drawdown"]
    assert titles(client, q="identity") == ["NAV identity"]


def test_status_is_the_learners_own(client, cast):
    submit(cast["ada"], cast["returns"], "ACCEPTED")
    submit(cast["ada"], cast["nav"], "WRONG_ANSWER")
    submit(cast["ben"], cast["drawdown"], "ACCEPTED")
    assert titles(client, status="solved") == ["Daily returns"]
    assert titles(client, status="tried") == ["NAV identity"]
    assert titles(client, status="new") == ["Max drawdown"]


def test_acceptance_and_solvers_count_every_learner_but_not_our_errors(client, cast):
    submit(cast["ada"], cast["returns"], "WRONG_ANSWER")
    submit(cast["ada"], cast["returns"], "ACCEPTED")
    submit(cast["ben"], cast["returns"], "ACCEPTED")
    submit(cast["ben"], cast["returns"], "INTERNAL_ERROR")
    row = next(p for p in client.get(reverse("catalog:problem_list")).context["problems"] if p.title == "Daily returns")
    assert row.solvers == 2
    assert row.attempts == 3
    assert row.acceptance == pytest.approx(2 / 3)


def test_sorting_by_solvers_puts_the_most_solved_first(client, cast):
    submit(cast["ben"], cast["nav"], "ACCEPTED")
    assert titles(client, sort="solvers")[0] == "NAV identity"
    assert titles(client, sort="difficulty") == ["Daily returns", "NAV identity", "Max drawdown"]


def test_unknown_filter_values_are_ignored(client, cast):
    assert len(titles(client, difficulty="brutal", sort="nonsense", status="x")) == 3


def test_an_htmx_request_gets_only_the_rows(client, cast):
    response = client.get(reverse("catalog:problem_list"), {"q": "NAV"}, headers={"HX-Request": "true"})
    assert b"<form" not in response.content
    assert b"NAV identity" in response.content


def test_the_catalogue_page_issues_at_most_ten_queries(client, cast, django_assert_max_num_queries):
    for i in range(40):
        make_problem(cast["returns"].dataset, title=f"Extra {i}")
    submit(cast["ada"], cast["returns"], "ACCEPTED")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("catalog:problem_list"))
    assert response.status_code == 200
