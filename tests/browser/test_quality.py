"""The quality bar of the learner's pages: no serious accessibility violations (axe-core), usable on
a narrow screen without sideways scrolling, and usable from the keyboard alone."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from problems import load_all
from submissions.models import Submission
from tests.browser.test_solve_problem import set_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/", "/problems/3/", "/datasets/", "/datasets/D03/", "/paths/risk-identities/", "/progress/",
         "/submissions/"]
SERIOUS = {"serious", "critical"}


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in SERIOUS]


@pytest.mark.parametrize("path", PAGES)
def test_a_page_has_no_serious_accessibility_violations(logged_in, live_server, path):
    page = logged_in
    page.goto(live_server.url + path)
    page.wait_for_load_state("networkidle")
    assert serious_violations(page) == []


def test_a_verdict_with_a_diff_has_no_serious_accessibility_violations(logged_in, live_server):
    page = logged_in
    page.goto(f"{live_server.url}/problems/3/")
    mistake = next(s for s in load_all() if s.id == 3).mistakes[0]
    set_code(page, mistake.code)
    page.get_by_role("button", name="Submit").click()
    page.locator('.submission-status[data-status="DONE"]').wait_for(timeout=60_000)
    page.goto(f"{live_server.url}/submissions/{Submission.objects.latest('id').pk}/")
    page.locator(".diff").wait_for()
    assert serious_violations(page) == []


@pytest.mark.parametrize("path", PAGES[:5])
def test_a_page_fits_a_narrow_screen_without_sideways_scrolling(logged_in, live_server, path):
    page = logged_in
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + path)
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1


def test_a_learner_can_run_and_submit_from_the_keyboard(logged_in, live_server):
    page = logged_in
    page.goto(f"{live_server.url}/problems/3/")
    set_code(page, "SELECT 1 AS x")
    page.locator(".cm-content").focus()
    page.keyboard.press("Control+Enter")
    page.locator('.run-result[data-status="ok"]').wait_for()
    page.keyboard.press("Shift+Control+Enter")
    page.locator('.submission-status[data-status="DONE"]').wait_for(timeout=60_000)


def focused(page) -> str:
    return page.evaluate("() => document.activeElement.id || document.activeElement.className")


def test_tab_reaches_the_editor_and_esc_tab_leaves_it_for_the_buttons(logged_in, live_server):
    page = logged_in
    page.goto(f"{live_server.url}/problems/3/")
    page.locator("[data-testid=editor]").wait_for()
    page.locator("#language").focus()
    for _ in range(6):
        page.keyboard.press("Tab")
        if "cm-content" in focused(page):
            break
    assert "cm-content" in focused(page)
    page.keyboard.press("Tab")  # inside the editor Tab indents, as in any code editor
    assert "cm-content" in focused(page)
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert focused(page) == "run-btn"
    page.keyboard.press("Enter")
    page.locator(".run-result").wait_for()
