"""Transport and browser protections of every page: cookies marked Secure whenever the request came over
https (directly or through a configured TLS proxy), whether or not the site runs with production settings."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def login(client, **extra):
    user = make_user("ada")
    return client.post(reverse("login"), {"username": user.username, "password": user.raw_password}, **extra)


def test_the_csrf_cookie_is_secure_over_https(client):
    response = client.get(reverse("login"), secure=True)
    assert response.cookies[settings.CSRF_COOKIE_NAME]["secure"] is True


def test_the_session_cookie_is_secure_over_https(client):
    response = login(client, secure=True)
    assert response.status_code == 302
    assert response.cookies[settings.SESSION_COOKIE_NAME]["secure"] is True


def test_cookies_over_plain_http_are_not_marked_secure(client):
    # Development over http://127.0.0.1 must keep working: a Secure cookie would never come back.
    response = login(client)
    assert response.status_code == 302
    assert not response.cookies[settings.SESSION_COOKIE_NAME]["secure"]


def test_behind_a_configured_tls_proxy_its_https_header_makes_cookies_secure(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = login(client, HTTP_X_FORWARDED_PROTO="https")
    assert response.cookies[settings.SESSION_COOKIE_NAME]["secure"] is True


def test_without_a_configured_proxy_a_forwarded_proto_header_is_not_trusted(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = None
    response = login(client, HTTP_X_FORWARDED_PROTO="https")
    assert not response.cookies[settings.SESSION_COOKIE_NAME]["secure"]
