"""Playwright on Debian's Chromium (no browser download), against Django's live server and a real worker."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.factories import make_user, sync_catalog

CHROMIUM = os.environ.get("UNWIND_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: ./dev test installs Debian's chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.fixture
def logged_in(page, live_server, grading_worker):
    sync_catalog()
    learner = make_user("ada")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("User name").fill("ada")
    page.get_by_label("Password").fill(learner.raw_password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Problems").wait_for()
    return page
