"""Authorization and CSRF for every URL the site serves, read from the URL configuration itself.

Each URL name has a rule below. A new view without one fails `test_every_url_has_an_access_rule`,
telling its author to classify it: that is how a new page gets its authorization tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import User
from submissions.models import Run, Submission
from tests.factories import make_problem, make_user

pytestmark = pytest.mark.django_db

PLATFORM = Path(__file__).resolve().parents[2] / "platform"

# Who may open each URL. Kinds:
#   public      anyone, signed in or not (must never redirect to the login page)
#   learner     any signed-in user; anonymous visitors are sent to the login page
#   owned       a learner's own object: anonymous -> login, another learner -> 404
#   instructor  instructors and admins; a learner gets 403
#   admin       site admins only; a learner or an instructor gets 403
#   django-admin  the Django admin site (whole namespace): its own login, staff only
RULES: dict[str, str] = {
    "login": "public",
    "logout": "public",  # POST only; signing out an anonymous visitor is harmless
    "submissions:healthz": "public",  # the load balancer's probe
    "lti:login": "public",  # LTI 1.3 OIDC login initiation, from the LMS
    "lti:launch": "public",  # LTI launch: the signed id_token authenticates
    "lti:jwks": "public",  # our public keys
    "admin:login": "public",  # the admin site's own sign-in page
    "admin:logout": "public",
    "catalog:problem_list": "learner",
    "catalog:problem_detail": "learner",
    "catalog:problem_detail_slug": "learner",
    "catalog:path_detail": "learner",
    "catalog:dataset_list": "learner",
    "catalog:dataset_detail": "learner",
    "catalog:table_preview": "learner",
    "submissions:run": "learner",
    "submissions:submit": "learner",
    "submissions:history": "learner",
    "submissions:progress": "learner",
    "submissions:detail": "owned",
    "submissions:status": "owned",
    "submissions:run_status": "owned",
    "submissions:grading_health": "admin",
    "teaching:my_assignments": "learner",
    "teaching:join": "learner",
    "teaching:join_link": "learner",  # shows the cohort; only the learner's POST to teaching:join joins
    "teaching:invitation": "learner",  # POST; an invitation to another e-mail is 404
    "teaching:home": "instructor",
    "teaching:set_create": "instructor",
    "teaching:set_detail": "instructor",
    "teaching:set_item": "instructor",
    "teaching:cohort_create": "instructor",
    "teaching:cohort_detail": "instructor",
    "teaching:gradebook": "instructor",
    "teaching:gradebook_csv": "instructor",
    "teaching:regrade_start": "instructor",
    "teaching:regrade_status": "instructor",
    "teaching:submission": "instructor",
    "authoring:list": "instructor",
    "authoring:new": "instructor",
    "authoring:preview": "instructor",
    "authoring:edit": "instructor",
    "authoring:unpublish": "instructor",
    "lti:map_link": "instructor",
    "datamgmt:dataset_list": "admin",
    "datamgmt:dataset_detail": "admin",
    "datamgmt:upload": "admin",
    "datamgmt:job_detail": "admin",
    "datamgmt:job_status": "admin",
    "datamgmt:rebuild": "admin",
    "accounts:user_list": "admin",
    "accounts:user_update": "admin",
    "account_tokens": "learner",
    "account_token_revoke": "learner",
    "api:api-root": "public",
    "api:openapi-json": "public",
    "api:openapi-view": "public",
}
# The API's endpoints answer 401 without a token or session (below); their roles, scopes and owners are
# tested endpoint by endpoint in tests/api.
NAMESPACE_RULES = {"admin": "django-admin", "api": "api"}
KINDS = {"public", "learner", "owned", "instructor", "admin", "django-admin", "api"}

# Views that opt out of CSRF, and why; any other view refuses a POST without a token.
CSRF_EXEMPT = {
    "lti:login": "the LMS posts cross-site; state and nonce protect the flow",
    "lti:launch": "the LMS posts cross-site; the signed id_token, state and nonce protect it",
}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Users are created per case; the production hasher would make this file take a minute."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


SAMPLE = {"int": "1", "slug": "x", "str": "D02", "path": "1"}  # any value: access is decided before lookup


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the route itself when unnamed
    namespace: str
    url: str | None  # None when it cannot be reversed with sample values
    callback: object

    @property
    def rule(self) -> str | None:
        return RULES.get(self.name) or NAMESPACE_RULES.get(self.namespace)


def _sample_url(pattern: URLPattern, name: str) -> str | None:
    if not pattern.name:
        return None
    converters = getattr(pattern.pattern, "converters", {})
    regex_groups = re.compile(str(pattern.pattern)).groupindex if not converters else {}
    kwargs = {k: SAMPLE.get(type(c).__name__.replace("Converter", "").lower(), "1") for k, c in converters.items()}
    kwargs.update({k: "auth" for k in regex_groups})  # the admin's app_list regex
    try:
        return reverse(name, kwargs=kwargs or None)
    except Exception:
        return None


def routes() -> list[Route]:
    found: list[Route] = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = ":".join(filter(None, [namespace, p.namespace]))
                walk(p.url_patterns, prefix + str(p.pattern), inner)
            else:
                name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or prefix + str(p.pattern))
                found.append(Route(name, namespace, _sample_url(p, name), p.callback))

    walk(get_resolver().url_patterns, "", "")
    return found


ROUTES = routes()
BY_RULE = {kind: [r for r in ROUTES if r.rule == kind and r.url] for kind in KINDS}


def ids(routes_: list[Route]) -> list[str]:
    return [r.name for r in routes_]


def test_every_url_has_an_access_rule():
    missing = sorted({r.name for r in ROUTES if r.rule is None})
    assert not missing, (
        f"URL(s) without an access rule: {', '.join(missing)}. Classify each in RULES in {__file__} "
        f"(one of {', '.join(sorted(KINDS))}); the authorization tests then cover it."
    )
    assert set(RULES.values()) <= KINDS


def test_every_rule_names_a_url_that_exists():
    """A renamed or removed view must not leave a stale rule behind (it would hide a new name)."""
    assert set(RULES) - {r.name for r in ROUTES} == set()


@pytest.mark.parametrize("route", [r for k in ("learner", "owned", "instructor", "admin") for r in BY_RULE[k]],
                         ids=lambda r: r.name)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, route):
    response = client.get(route.url)
    assert response.status_code == 302, f"{route.name} answered {response.status_code} to an anonymous GET"
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("route", BY_RULE["django-admin"], ids=lambda r: r.name)
def test_the_admin_site_sends_anyone_but_staff_to_its_own_login(client, route):
    client.force_login(make_user("ada"))  # a learner is not staff
    response = client.get(route.url)
    assert response.status_code in (302, 404), route.name
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("route", BY_RULE["public"], ids=lambda r: r.name)
def test_a_public_url_answers_an_anonymous_visitor_without_a_login_redirect(client, route):
    response = client.get(route.url)
    assert response.status_code < 500
    assert not response.get("Location", "").startswith(reverse("login") + "?next=")


def refused(client: Client, url: str) -> int:
    """The status of a GET, or of a POST when the view only takes POST."""
    status = client.get(url).status_code
    return client.post(url).status_code if status == 405 else status


@pytest.mark.parametrize("route", BY_RULE["instructor"] + BY_RULE["admin"], ids=lambda r: r.name)
def test_a_learner_is_refused_staff_pages(client, route):
    client.force_login(make_user("ada"))
    assert refused(client, route.url) == 403, route.name


@pytest.mark.parametrize("route", BY_RULE["admin"], ids=lambda r: r.name)
def test_an_instructor_is_refused_admin_pages(client, route):
    client.force_login(make_user("ivy", role=User.Role.INSTRUCTOR))
    assert refused(client, route.url) == 403, route.name


@pytest.mark.parametrize("route", BY_RULE["owned"], ids=lambda r: r.name)
def test_a_learners_own_object_is_404_for_another_learner(client, route):
    ben = make_user("ben")
    model = Run if route.name == "submissions:run_status" else Submission
    theirs = model.objects.create(learner=ben, problem=make_problem(), language="sql", code="SELECT 'ben'")
    url = reverse(route.name, kwargs={"pk": theirs.pk})
    client.force_login(make_user("ada"))
    assert client.get(url).status_code == 404
    client.force_login(ben)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("route", BY_RULE["api"], ids=lambda r: r.name)
def test_an_api_endpoint_answers_401_without_credentials(client, route):
    response = client.get(route.url)
    if response.status_code == 405:
        response = client.post(route.url)
    assert response.status_code == 401, route.name


# The API's session-authenticated writes are checked by django-ninja's own CSRF check (tests/api).
@pytest.mark.parametrize("route", [r for r in ROUTES if r.url and r.name not in CSRF_EXEMPT and r.namespace != "api"],
                         ids=lambda r: r.name)
def test_a_post_without_a_csrf_token_is_refused(route):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("root", role=User.Role.ADMIN))
    assert client.post(route.url, {"code": "SELECT 1"}).status_code == 403, route.name


def test_only_the_listed_views_are_csrf_exempt():
    exempt = {r.name for r in ROUTES if getattr(r.callback, "csrf_exempt", False) and r.namespace != "api"}
    assert exempt == set(CSRF_EXEMPT), "a csrf_exempt view must be listed in CSRF_EXEMPT with its reason"


_POST_FORM = re.compile(r"<form\b[^>]*method=[\"']post[\"'][^>]*>(.*?)</form>", re.I | re.S)


def test_every_post_form_in_the_templates_carries_a_csrf_token():
    offenders = []
    for template in PLATFORM.rglob("templates/**/*.html"):
        for body in _POST_FORM.findall(template.read_text(encoding="utf-8")):
            if "csrf_token" not in body:
                offenders.append(str(template.relative_to(PLATFORM)))
    assert not offenders, f"POST forms without {{% csrf_token %}}: {offenders}"
