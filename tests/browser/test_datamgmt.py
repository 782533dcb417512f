"""An admin adds and versions a dataset and rebuilds one in a real browser (Playwright on Debian's Chromium).

The rebuild job runs in a background thread of the test process instead of a Celery worker: the embedded
broker's queue folder is shared by everyone running tests on this machine, and the page's polling is what
is under test here (test_celery.py runs the same job through a real worker on Redis and PostgreSQL).
"""

from __future__ import annotations

import re
import threading

import pytest

from accounts.models import User
from catalog.sync import sync_datasets
from datamgmt.jobs import run_job
from datamgmt.tasks import run_dataset_job
from tests.browser.test_quality import serious_violations
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin_page(page, live_server, settings, tmp_path, monkeypatch):
    settings.DATA_DIR = tmp_path
    settings.DATA_PROFILE = "lite"
    (tmp_path / "lite").mkdir()
    sync_datasets()
    monkeypatch.setattr(run_dataset_job, "delay", lambda pk: threading.Thread(target=run_job, args=(pk,)).start())
    admin = make_user("root", role=User.Role.ADMIN)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("User name").fill("root")
    page.get_by_label("Password").fill(admin.raw_password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Manage").click()
    page.get_by_role("heading", name="Manage datasets").wait_for()
    return page


def upload(page, tmp_path, name: str, content: bytes, **fields) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    page.get_by_label("CSV or Parquet file", exact=True).set_input_files(str(path))
    for label, value in fields.items():
        if label == "New version of":
            page.get_by_label(label, exact=True).select_option(value)
        else:
            page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Upload").click()


def test_an_admin_uploads_a_csv_previews_it_and_uploads_a_new_version(admin_page, tmp_path):
    page = admin_page
    upload(page, tmp_path, "fund flows.csv", b"Fund,Flow Date,Net Flow\nZF1,2036-03-02,1.5\nZF2,2036-03-02,-2\n",
           Title="Fund flows")
    page.get_by_role("heading", name="U01 · Fund flows").wait_for()
    assert "DATE" in page.locator("table.grid").first.inner_text()
    page.locator(".preview table").wait_for()
    assert "ZF2" in page.locator(".preview table").inner_text()

    page.get_by_role("link", name="Manage datasets").click()
    upload(page, tmp_path, "flows.csv", b"fund,flow_date,net_flow\nZF1,2036-03-03,4\n", **{"New version of": "U01"})
    page.get_by_role("heading", name="U01 · Fund flows").wait_for()
    assert re.search(r"version 2 \(on disk: v2, v1\)", page.locator("main").inner_text())


def test_a_malformed_upload_shows_why_on_the_page(admin_page, tmp_path):
    page = admin_page
    upload(page, tmp_path, "broken.csv", b"a,b\n1,2\n3,4,5\n", Title="Broken")
    assert "not a well-formed CSV file" in page.get_by_role("alert").inner_text()


def test_an_admin_rebuilds_a_dataset_and_watches_it_finish(admin_page):
    page = admin_page
    page.get_by_role("row", name=re.compile(r"^R1 ")).get_by_role("button", name="Rebuild").click()
    page.get_by_role("heading", name="Rebuild R1").wait_for()
    assert page.locator("progress").count() == 1
    page.locator('.dataset-job[data-status="DONE"]').wait_for(timeout=60_000)
    assert page.locator("progress").get_attribute("value") == "100"


def test_the_management_pages_have_no_serious_accessibility_violations(admin_page, tmp_path, live_server):
    page = admin_page
    assert serious_violations(page) == []
    upload(page, tmp_path, "px.csv", b"ticker,close\nZAAA,1.5\n", Title="Prices")
    page.locator(".preview table").wait_for()
    assert serious_violations(page) == []
    page.goto(f"{live_server.url}/manage/datasets/R1/")
    page.get_by_role("button", name="Rebuild R1").click()
    page.locator('.dataset-job[data-status="DONE"]').wait_for(timeout=60_000)
    assert serious_violations(page) == []
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Manage").click()
    page.get_by_role("navigation", name="Manage").get_by_role("link", name="Grading").click()
    page.get_by_role("heading", name="Grading health").wait_for()
    assert serious_violations(page) == []
