"""An instructor runs a course end to end in the browser: a problem set, a cohort, an assignment;
a learner joins with the code and solves; the instructor reads the gradebook and exports it."""

import re
from pathlib import Path

import pytest

from accounts.models import User
from problems import load_all
from tests.browser.test_solve_problem import set_code
from tests.factories import make_user, sync_catalog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PROBLEM_3 = next(s for s in load_all() if s.id == 3)


def log_in(page, live_server, user):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("User name").fill(user.username)
    page.get_by_label("Password").fill(user.raw_password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Problems").wait_for()


def test_an_instructor_runs_a_course_and_a_learner_solves_it(page, live_server, grading_worker):
    sync_catalog()
    ines, ada = make_user("ines", User.Role.INSTRUCTOR), make_user("ada")
    log_in(page, live_server, ines)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Teach").click()
    page.get_by_label("New problem set").fill("Week 1: returns")
    page.get_by_role("button", name="Create set").click()
    page.get_by_label("Problem", exact=True).select_option(label=f"3. {PROBLEM_3.title}")
    page.get_by_label("Points").fill("10")
    page.get_by_role("button", name="Add to set").click()
    page.locator("table.grid").get_by_role("link", name=re.compile("simple and log returns")).wait_for()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Teach").click()
    page.get_by_label("New cohort").fill("Risk 101")
    page.get_by_role("button", name="Create cohort").click()
    code = page.locator(".join-code").inner_text()
    page.get_by_label("Problem set", exact=True).select_option(label="Week 1: returns")
    page.get_by_label("Opens at").fill("2020-01-01T09:00")
    page.get_by_label("Due at").fill("2099-01-01T09:00")
    page.get_by_role("button", name="Assign").click()
    page.get_by_role("heading", name=re.compile("Week 1: returns")).wait_for()

    log_in(page, live_server, ada)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Assignments").click()
    page.get_by_label("Join a cohort").fill(code)
    page.get_by_role("button", name="Join").click()
    page.get_by_text("You joined Risk 101.").wait_for()
    page.get_by_role("link", name=re.compile(r"^3\. ")).click()
    set_code(page, PROBLEM_3.solutions["sql"])
    page.get_by_role("button", name="Submit").click()
    page.locator('.submission-status[data-status="DONE"][data-verdict="ACCEPTED"]').wait_for(timeout=60_000)

    log_in(page, live_server, ines)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Teach").click()
    page.get_by_role("link", name="Open").click()
    row = page.locator("table.gradebook tbody tr", has_text="ada")
    assert "✓ 10" in row.inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    assert "ada" in Path(download.value.path()).read_text()
    row.get_by_role("link", name="✓ 10").click()
    page.get_by_text("LAG").first.wait_for()
