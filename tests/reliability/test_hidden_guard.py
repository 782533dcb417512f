"""The suite-wide guard (tests/hidden_guard.py) is real: a response that shows a hidden-variant value
fails the test it happened in, and a value the visible data shows is never counted as a secret."""

from __future__ import annotations

import urllib.request

import pytest
from django.http import HttpResponse
from django.urls import path

from tests.hidden_guard import distinctive, shown_as

pytestmark = pytest.mark.django_db

LEAKED: list[str] = []  # what the view below prints


def leaky(request):
    return HttpResponse(f"<table><tr><td>{LEAKED[0]}</td></tr></table>")


urlpatterns = [path("leak/", leaky)]


@pytest.fixture
def guard(hidden_values_guard, lite_data):
    hidden_values_guard.secrets()  # computed once per session
    return hidden_values_guard


@pytest.fixture
def leaking(settings, guard):
    """/leak/ serves one secret."""
    secret = sorted(guard.secrets())[len(guard.secrets()) // 2]
    settings.ROOT_URLCONF = __name__
    LEAKED.append(secret)
    yield secret
    LEAKED.clear()


def test_a_page_showing_a_hidden_value_is_caught(client, leaking, guard):
    client.get("/leak/")
    [leak] = guard.take()  # taken, so this test's own check passes
    assert (leak.path, leak.values) == ("/leak/", [leaking])


@pytest.mark.django_db(transaction=True)
def test_a_live_server_page_showing_a_hidden_value_is_caught(live_server, leaking, guard):
    """What the browser tests get from the live server is searched too."""
    with urllib.request.urlopen(live_server.url + "/leak/") as response:
        assert leaking in response.read().decode()
    [leak] = guard.take()
    assert leak.values == [leaking]


def test_every_problem_contributes_its_hidden_results(guard):
    assert set(guard.results) >= {3, 6, 7}  # SQL-referenced and Python-only problems alike
    assert all(set(by_variant) == {0, 1, 2} for by_variant in guard.results.values())


def test_no_value_a_visible_result_shows_is_a_secret(guard):
    visible = {form for by_variant in guard.results.values() for row in by_variant[0] for cell in row
               for form in shown_as(cell)}
    assert guard.secrets()
    assert not guard.secrets() & visible


@pytest.mark.parametrize(("form", "secret"), [
    ("0.213074", True), ("36,371,863,566.61", True), ("ZVLT  370618C00095000", True), ("Zeta Holdings", True),
    ("12.02", False), ("2037-06-22", False), ("2037-06-22 14:22:52", False), ("2037-06-22T14:22:52+00:00", False),
])
def test_only_distinctive_forms_count_as_secrets(form, secret):
    assert distinctive(form) is secret
