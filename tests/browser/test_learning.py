"""The learner's flows beyond solving: feedback that teaches, charts, the query plan, paths and datasets."""

import re

import pytest

from problems import load_all
from tests.browser.test_solve_problem import set_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROBLEM_3 = next(s for s in load_all() if s.id == 3)


def submit_and_wait(page, code):
    set_code(page, code)
    page.get_by_role("button", name="Submit").click()
    status = page.locator('.submission-status[data-status="DONE"]')
    status.wait_for(timeout=60_000)
    return status


def test_a_known_mistake_gets_its_message_and_a_chart_of_expected_vs_yours(logged_in, live_server):
    page = logged_in
    page.goto(f"{live_server.url}/problems/3/")
    mistake = next(m for m in PROBLEM_3.mistakes if m.name == "log10")
    status = submit_and_wait(page, mistake.code)
    assert status.get_attribute("data-verdict") == "WRONG_ANSWER"
    assert mistake.message in page.locator(".known-mistake").inner_text()
    page.locator(".diff-chart svg.chart-svg").wait_for()
    assert page.locator(".diff-chart svg path.series").count() == 2


def test_the_reference_solutions_open_after_an_accepted_answer(logged_in, live_server):
    page = logged_in
    page.goto(f"{live_server.url}/problems/3/")
    assert page.locator(".solutions pre").count() == 0
    assert submit_and_wait(page, PROBLEM_3.solutions["sql"]).get_attribute("data-verdict") == "ACCEPTED"
    page.reload()
    assert "LAG" in page.locator(".solutions pre").first.inner_text()


def test_run_shows_a_table_that_toggles_to_a_chart(logged_in, live_server):
    page = logged_in
    page.goto(f"{live_server.url}/problems/3/")
    set_code(page, "SELECT trade_date, close FROM eq_daily WHERE security_id = "
                   "(SELECT min(security_id) FROM eq_daily) ORDER BY trade_date")
    page.get_by_role("button", name="Run").click()
    page.locator('.run-result[data-status="ok"] table').wait_for()
    page.get_by_role("button", name="Chart").click()
    page.locator(".result-chart svg path.series").wait_for()
    assert page.locator(".result-chart").is_visible()
    assert not page.locator('.result-view[data-view="table"]').is_visible()


def test_explain_shows_duckdbs_plan_for_the_query(logged_in, live_server):
    page = logged_in
    page.goto(f"{live_server.url}/problems/3/")
    set_code(page, "SELECT security_id, count(*) FROM eq_daily GROUP BY security_id")
    page.get_by_role("button", name="Explain").click()
    plan = page.locator(".plan-text")
    plan.wait_for()
    assert re.search(r"GROUP_BY|Group By", plan.inner_text(), re.I)


def test_a_path_leads_from_the_catalogue_to_its_next_problem(logged_in, live_server):
    page = logged_in
    page.get_by_role("link", name="Risk identities").click()
    page.get_by_role("heading", name="Risk identities").wait_for()
    page.get_by_role("link", name=re.compile("^Continue with")).click()
    page.locator("#problem-title").wait_for()


def test_a_dataset_page_draws_its_series_and_pages_through_a_table(logged_in, live_server):
    page = logged_in
    page.get_by_role("link", name="Datasets").first.click()
    page.locator(".er-diagram").wait_for()
    page.locator(".er-diagram a", has_text="D03").first.click()
    page.locator(".dataset-charts svg path.series").first.wait_for()
    preview = page.locator(".schema-table").first.locator(".preview")
    preview.get_by_text("Rows 1 to 20").wait_for()
    preview.get_by_role("button", name="Next →").click()
    preview.get_by_text("Rows 21 to 40").wait_for()


def test_first_steps_is_the_first_path_and_leads_to_an_accepted_easy_problem(logged_in, live_server):
    page = logged_in
    first_card = page.locator(".path-card").first
    assert "Start here" in first_card.inner_text()
    first_card.get_by_role("link", name="First steps").click()
    page.get_by_role("heading", name="First steps").wait_for()
    page.get_by_role("link", name=re.compile("^Continue with")).click()
    title = page.locator("#problem-title")
    title.wait_for()
    problem_id = int(re.match(r"(\d+)\.", title.inner_text()).group(1))
    spec = next(s for s in load_all() if s.id == problem_id)
    assert spec.difficulty == "easy"
    status = submit_and_wait(page, spec.solutions["sql"])
    assert status.get_attribute("data-verdict") == "ACCEPTED"
