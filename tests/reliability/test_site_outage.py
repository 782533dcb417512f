"""PostgreSQL unreachable for a moment: the site answers with a clear error page (no stack trace, no
internals) and recovers as soon as the database is back."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db

REFUSED = 'connection to server at "127.0.0.1", port 5432 failed: Connection refused'


@pytest.fixture
def browser():
    """A client that gets the 500 page like a browser does, instead of the exception."""
    return Client(raise_request_exception=False)


def refuse(self):
    raise OperationalError(REFUSED)


@pytest.fixture
def database_down(monkeypatch):
    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)


def test_a_page_while_the_database_is_down_is_a_clear_error_page(browser, database_down):
    browser.cookies["sessionid"] = "x" * 32  # a signed-in visitor: the session lives in the database
    response = browser.get(reverse("catalog:problem_list"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in body
    assert "nothing you sent is lost" in body
    for internal in ("Traceback", "OperationalError", "5432", "Connection refused"):
        assert internal not in body


def test_the_site_recovers_once_the_database_is_back(browser, monkeypatch):
    browser.force_login(make_user("ada"))
    with monkeypatch.context() as outage:
        outage.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
        assert browser.get(reverse("catalog:problem_list")).status_code == 500
    assert browser.get(reverse("catalog:problem_list")).status_code == 200
