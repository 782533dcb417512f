"""Screenshots of the main pages. In the suite they check that each page renders; `./dev screenshots`
runs this file with UNWIND_SCREENSHOTS_DIR=docs/screenshots to refresh the pictures the docs show."""

import os
from pathlib import Path

import pytest

from problems import load_all
from tests.browser.test_solve_problem import set_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shots(tmp_path) -> Path:
    target = Path(os.environ.get("UNWIND_SCREENSHOTS_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    return target


def snap(page, shots: Path, name: str) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    assert (shots / f"{name}.png").stat().st_size > 10_000


def test_screenshots_of_the_main_pages(logged_in, live_server, shots):
    page = logged_in
    page.set_viewport_size({"width": 1400, "height": 900})
    snap(page, shots, "catalogue")
    page.goto(f"{live_server.url}/paths/sell-off-day-by-day/")
    snap(page, shots, "path")
    page.goto(f"{live_server.url}/datasets/")
    snap(page, shots, "datasets")
    page.goto(f"{live_server.url}/datasets/D03/")
    page.locator(".dataset-charts svg").first.wait_for()
    snap(page, shots, "dataset-d03")
    page.goto(f"{live_server.url}/problems/3/")
    mistake = next(s for s in load_all() if s.id == 3).mistakes[-1]
    set_code(page, mistake.code)
    page.get_by_role("button", name="Submit").click()
    page.locator('.submission-status[data-status="DONE"]').wait_for(timeout=60_000)
    page.locator(".diff-chart svg").wait_for()
    snap(page, shots, "problem-wrong-answer")
    page.get_by_role("button", name="Run").click()
    page.locator('.run-result[data-status="ok"]').wait_for()
    page.get_by_role("button", name="Chart").click()
    page.locator(".result-chart svg").wait_for()
    snap(page, shots, "problem-run-chart")
    page.goto(f"{live_server.url}/progress/")
    snap(page, shots, "progress")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/problems/3/")
    page.screenshot(path=str(shots / "problem-narrow.png"))
