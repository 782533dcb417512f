"""A learner logs in, runs and submits SQL in the browser, and reads the verdict and the diff."""

import re

import pytest

from problems import load_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def set_code(page, code):
    page.locator("[data-testid=editor]").wait_for()
    page.evaluate("code => window.UnwindEditor.instances[0].setValue(code)", code)


def test_a_learner_solves_problem_3_and_then_sees_a_diff_for_a_wrong_query(logged_in, live_server):
    page = logged_in
    reference = next(s for s in load_all() if s.id == 3).solutions["sql"]
    page.get_by_role("link", name=re.compile("simple and log returns", re.I)).click()
    page.get_by_role("heading", name=re.compile(r"^3\.")).wait_for()

    set_code(page, "SELECT * FROM eq_daily LIMIT 5")
    page.get_by_role("button", name="Run").click()
    page.locator('.run-result[data-status="ok"] table').wait_for()
    assert page.locator(".run-result tbody tr").count() == 5

    set_code(page, reference)
    page.get_by_role("button", name="Submit").click()
    status = page.locator('.submission-status[data-status="DONE"]')
    status.wait_for(timeout=60_000)
    assert status.get_attribute("data-verdict") == "ACCEPTED"
    assert "Accepted" in status.inner_text()

    set_code(page, reference.replace("LAG(", "LEAD(", 1) if "LAG(" in reference else "SELECT 1 AS wrong")
    page.get_by_role("button", name="Submit").click()
    page.wait_for_function(
        "() => document.querySelectorAll('.submission-status[data-status=\"DONE\"]').length >= 1 &&"
        " document.querySelector('.submission-status').dataset.verdict === 'WRONG_ANSWER'",
        timeout=60_000,
    )
    assert page.locator(".diff").is_visible()
    assert "Wrong Answer" in page.locator(".submission-status").inner_text()


def test_a_learner_switches_to_python_sees_the_dataframes_and_solves_problem_3(logged_in, live_server):
    page = logged_in
    reference = next(s for s in load_all() if s.id == 3).solutions["python"]
    page.goto(f"{live_server.url}/problems/3/")
    page.get_by_label("Language").select_option("python")
    hint = page.locator('.lang-hint[data-for="python"]')
    assert hint.is_visible()
    assert "eq_daily" in hint.inner_text()
    assert "result" in page.evaluate("() => window.UnwindEditor.instances[0].getValue()")

    set_code(page, "result = eq_daily.head(3)")
    page.get_by_role("button", name="Run").click()
    page.locator('.run-result[data-status="ok"] table').wait_for()
    assert page.locator(".run-result tbody tr").count() == 3

    set_code(page, reference)
    page.get_by_role("button", name="Submit").click()
    status = page.locator('.submission-status[data-status="DONE"]')
    status.wait_for(timeout=60_000)
    assert status.get_attribute("data-verdict") == "ACCEPTED"
