"""The Content-Security-Policy header: scripts and styles only from the site itself, inline scripts only
with the response's nonce, no style attributes that `style-src 'self'` would block, and no framing
except the LTI endpoints an LMS may show inside its page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.models import User
from catalog.models import Problem
from tests.factories import make_submission, make_user
from tests.teaching.cast import assignment_for

pytestmark = pytest.mark.django_db

HEADER = "Content-Security-Policy"


def policy(response) -> dict[str, list[str]]:
    directives = [d.split() for d in response[HEADER].split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


def nonce_of(response) -> str:
    sources = [s for s in policy(response)["script-src"] if s.startswith("'nonce-")]
    assert len(sources) == 1, policy(response)["script-src"]
    return sources[0][len("'nonce-"):-1]


@pytest.fixture
def key_pages(client, catalog_loaded):
    """The catalogue, a problem page, the progress page, a dataset page and an instructor's gradebook,
    each fetched by the person who would see it, with a solved problem so the progress bars are drawn."""
    ada, ines = make_user("ada"), make_user("ines", User.Role.INSTRUCTOR)
    problem = Problem.objects.order_by("id").first()
    make_submission(ada, problem, "ACCEPTED")
    assignment = assignment_for([ada], [(problem, 10)], instructor=ines)
    pages = {"login": client.get(reverse("login"))}
    client.force_login(ada)
    pages["catalogue"] = client.get(reverse("catalog:problem_list"))
    pages["problem"] = client.get(reverse("catalog:problem_detail", args=[problem.pk]))
    pages["progress"] = client.get(reverse("submissions:progress"))
    pages["dataset"] = client.get(reverse("catalog:dataset_detail", args=[problem.dataset_id]))
    client.force_login(ines)
    pages["gradebook"] = client.get(reverse("teaching:gradebook", args=[assignment.pk]))
    client.force_login(make_user("root", User.Role.ADMIN))
    pages["manage datasets"] = client.get(reverse("datamgmt:dataset_list"))
    assert {name: r.status_code for name, r in pages.items()} == {name: 200 for name in pages}
    return pages


def test_a_page_carries_the_policy(client):
    assert HEADER in client.get(reverse("login"))


def test_scripts_and_styles_come_only_from_the_site(client):
    response = client.get(reverse("login"))
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert "'self'" in directives["script-src"]
    assert "'unsafe-inline'" not in directives["style-src"]
    assert directives["style-src"] == ["'self'", f"'nonce-{nonce_of(response)}'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["object-src"] == ["'none'"]


def test_each_response_has_a_fresh_nonce(client):
    assert nonce_of(client.get(reverse("login"))) != nonce_of(client.get(reverse("login")))


def test_unwinds_pages_cannot_be_framed(client):
    assert policy(client.get(reverse("login")))["frame-ancestors"] == ["'none'"]


def test_the_lti_login_may_answer_inside_the_lms_frame(client):
    # Like X-Frame-Options, which these views are exempt from: a refusal must be readable in the LMS page.
    response = client.post(reverse("lti:login"), {"iss": "https://unknown.example"})
    assert "frame-ancestors" not in policy(response)
    assert "'unsafe-inline'" not in policy(response)["script-src"]


def test_every_script_on_the_key_pages_carries_the_nonce(key_pages):
    # Inline ones must (script-src has no 'unsafe-inline'); the site's files do too, ready for 'strict-dynamic'.
    for name, response in key_pages.items():
        content = response.content.decode()
        for attrs in re.findall(r"<script\b([^>]*)>", content):
            if 'type="application/json"' in attrs:  # data for charts.js, never run
                continue
            assert f'nonce="{nonce_of(response)}"' in attrs, f"{name}: <script{attrs}>"


def test_no_key_page_has_a_style_attribute_the_policy_would_block(key_pages):
    for name, response in key_pages.items():
        assert not re.findall(r"<[^>]+\sstyle=", response.content.decode()), name


def test_htmx_is_told_not_to_inject_its_indicator_style(key_pages):
    # htmx adds a <style> element for its indicators unless configured not to; unwind.css has the rules.
    content = key_pages["catalogue"].content.decode()
    assert re.search(r'<meta name="htmx-config" content=\'[^\']*"includeIndicatorStyles": ?false', content)
