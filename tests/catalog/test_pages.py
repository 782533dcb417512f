"""The learner's catalogue pages beyond the list: paths, datasets (ER view, charts, paged previews),
reference solutions that open after solving, and feedback that teaches on a wrong answer."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from catalog.models import Dataset, LearningPath, Problem
from tests.factories import make_dataset, make_problem, make_submission, make_user

pytestmark = pytest.mark.django_db


def test_paths_are_synced_from_the_paths_file_in_order(catalog_loaded):
    paths = list(LearningPath.objects.all())
    assert [p.slug for p in paths][:3] == ["first-steps", "sell-off-day-by-day", "risk-identities"]
    assert all(Problem.objects.filter(pk__in=p.problem_ids).count() == len(p.problem_ids) for p in paths)


def test_the_catalogue_shows_each_path_with_the_learners_progress(client, ada, catalog_loaded):
    path = LearningPath.objects.get(slug="risk-identities")
    make_submission(ada, Problem.objects.get(pk=path.problem_ids[0]), "ACCEPTED")
    content = client.get(reverse("catalog:problem_list")).content.decode()
    assert "Risk identities" in content
    assert f"1 of {len(path.problem_ids)} solved" in content


def test_a_path_page_lists_its_problems_in_order_and_points_to_the_next_unsolved(client, ada, catalog_loaded):
    path = LearningPath.objects.get(slug="risk-identities")
    first, second = (Problem.objects.get(pk=i) for i in path.problem_ids[:2])
    make_submission(ada, first, "ACCEPTED")
    content = client.get(reverse("catalog:path_detail", args=[path.slug])).content.decode()
    steps = content[content.index('<ol class="path-steps">'):]
    positions = [steps.index(escape(Problem.objects.get(pk=i).title)) for i in path.problem_ids]
    assert positions == sorted(positions)
    assert f"Continue with {second.id}. {escape(second.title)}" in content


def test_the_dataset_list_draws_the_links_between_datasets_with_their_keys(client, ada, catalog_loaded):
    content = client.get(reverse("catalog:dataset_list")).content.decode()
    assert 'class="er-diagram"' in content
    # D03 builds on D02 and shares security_id with it: the link and its key are listed.
    assert re.search(r"<td>D03</td><td>D02</td><td>.*<code>security_id</code>", content)


def test_a_dataset_page_draws_its_key_series_from_the_data(client, ada, catalog_loaded):
    content = client.get(reverse("catalog:dataset_detail", args=["D03"])).content.decode()
    assert "SACI, the AI-chip index" in content
    spec = re.search(r'<script id="chart-0" type="application/json">(.*?)</script>', content, re.S).group(1)
    assert '"kind": "line"' in spec
    assert '"2037-06-12' in spec  # the sell-off's dates are in the series


def test_a_table_preview_pages_through_the_visible_rows(client, ada, catalog_loaded):
    url = reverse("catalog:table_preview", args=["D02", "eq_daily"])
    first = client.get(url).content.decode()
    second = client.get(url + "?page=1").content.decode()
    assert "Rows 1 to 20 of" in first
    assert "Rows 21 to 40 of" in second
    assert "Next →" in first


def test_a_preview_page_beyond_the_end_shows_the_last_page(client, ada, catalog_loaded):
    url = reverse("catalog:table_preview", args=["D01", "venues"])
    rows = next(t["rows"] for t in Dataset.objects.get(pk="D01").tables if t["name"] == "venues")
    content = client.get(url + "?page=999").content.decode()
    assert f"to {rows} of {rows}" in content


def test_reference_solutions_stay_closed_until_the_learner_solves_the_problem(client, ada):
    problem = make_problem(solution_sql="SELECT 42 AS answer", reveal_after=3)
    make_submission(ada, problem, "WRONG_ANSWER", diff={"kind": "cells", "columns": ["answer"]})
    content = client.get(reverse("catalog:problem_detail", args=[problem.pk])).content.decode()
    assert "SELECT 42 AS answer" not in content
    assert "after 3 attempts that return the expected columns (1 so far)" in content
    make_submission(ada, problem, "ACCEPTED")
    assert "SELECT 42 AS answer" in client.get(reverse("catalog:problem_detail", args=[problem.pk])).content.decode()


def test_reference_solutions_open_after_enough_attempts(client, ada):
    problem = make_problem(solution_sql="SELECT 42 AS answer", reveal_after=2,
                           explanation_html="<p>Forty-two, computed.</p>")
    for _ in range(2):
        make_submission(ada, problem, "WRONG_ANSWER", diff={"kind": "rows", "columns": []})
    content = client.get(reverse("catalog:problem_detail", args=[problem.pk])).content.decode()
    assert "SELECT 42 AS answer" in content
    assert "Forty-two, computed." in content


def test_another_learners_accepted_answer_opens_nothing_for_me(client, ada):
    problem = make_problem(solution_sql="SELECT 42 AS answer")
    make_submission(make_user("bob"), problem, "ACCEPTED")
    content = client.get(reverse("catalog:problem_detail", args=[problem.pk])).content.decode()
    assert "SELECT 42 AS answer" not in content


def test_a_known_mistake_and_the_expected_vs_yours_chart_show_on_the_verdict(client, ada):
    diff = {"kind": "cells", "cells": [], "known_mistake": {"name": "simple", "message": "Use log returns."},
            "series": {"x": "d", "y": "r", "where": {"ticker": "ZAAA"},
                       "expected": [["2037-06-12", 1.0], ["2037-06-15", 2.0]],
                       "actual": [["2037-06-12", 1.0], ["2037-06-15", 3.0]]}}
    submission = make_submission(ada, make_problem(dataset=make_dataset("DX2")), diff=diff)
    content = client.get(reverse("submissions:detail", args=[submission.pk])).content.decode()
    assert "This looks like a common mistake" in content
    assert "Use log returns." in content
    assert 'id="diff-chart"' in content
    assert "<code>ticker</code> = ZAAA" in content


@pytest.mark.parametrize("url", ["/", "/problems/3/", "/datasets/", "/datasets/D03/", "/paths/risk-identities/",
                                 "/progress/", "/submissions/"])
def test_no_learner_page_issues_more_than_ten_queries(client, ada, catalog_loaded, url,
                                                      django_assert_max_num_queries):
    for problem in Problem.objects.all()[:8]:
        make_submission(ada, problem, "ACCEPTED")
        make_submission(make_user(f"peer-{problem.pk}"), problem, "WRONG_ANSWER")
    client.get(url)  # warm the data cache (previews, charts)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
