"""The browser fixtures (Debian's Chromium through Playwright) for this folder's browser tests."""

from tests.browser.conftest import browser, page  # noqa: F401 (fixtures used by test_browser.py)
