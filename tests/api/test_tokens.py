"""Personal access tokens: stored hashed, shown once, scoped, expiring and revocable; the page that makes them."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from api import tokens
from api.models import AccessToken
from tests.api.cast import call, token_for
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_it_stores_only_the_sha256_of_the_token():
    user = make_user()
    token, raw = tokens.create(user, "cli", ["read"], 30)
    stored = AccessToken.objects.get(pk=token.pk)
    assert stored.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {stored.digest, stored.prefix, stored.name}


def test_it_gives_teach_scope_only_to_instructors():
    learner, instructor = make_user("ada"), make_user("ines", User.Role.INSTRUCTOR)
    assert tokens.create(learner, "x", ["read", "teach"], 30)[0].scopes == ["read"]
    assert tokens.create(instructor, "x", ["read", "teach"], 30)[0].scopes == ["read", "teach"]
    with pytest.raises(ValueError, match="scope"):
        tokens.create(learner, "x", ["teach"], 30)


def test_a_valid_token_authenticates(client):
    user = make_user()
    response = call(client, "get", "progress", token_for(user, ["read"]))
    assert response.status_code == 200


def test_no_token_is_refused(client):
    assert call(client, "get", "progress").status_code == 401


def test_an_unknown_token_is_refused(client):
    make_user()
    assert call(client, "get", "progress", "unw_" + "x" * 43).status_code == 401


def test_an_expired_token_is_refused(client):
    user = make_user()
    raw = token_for(user, ["read"])
    AccessToken.objects.filter(user=user).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert call(client, "get", "progress", raw).status_code == 401


def test_a_revoked_token_is_refused(client):
    user = make_user()
    token, raw = tokens.create(user, "cli", ["read"], 30)
    assert tokens.revoke(user, token.pk)
    assert call(client, "get", "progress", raw).status_code == 401


def test_a_deactivated_users_token_is_refused(client):
    user = make_user()
    raw = token_for(user, ["read"])
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert call(client, "get", "progress", raw).status_code == 401


def test_a_token_without_the_scope_is_refused_with_403(client):
    user = make_user()
    response = call(client, "post", "cohorts/join", token_for(user, ["read"]), {"code": "ABCDEFGH"})
    assert response.status_code == 403
    assert "submit" in response.json()["detail"]


def test_a_user_cannot_revoke_anothers_token():
    ada, bob = make_user("ada"), make_user("bob")
    token, _ = tokens.create(ada, "cli", ["read"], 30)
    assert not tokens.revoke(bob, token.pk)
    assert AccessToken.objects.get(pk=token.pk).revoked_at is None


def test_the_page_shows_a_new_token_once(client):
    user = make_user()
    client.force_login(user)
    response = client.post("/account/tokens/", {"name": "laptop", "scopes": ["read", "submit"], "days": "30"})
    token = AccessToken.objects.get(user=user)
    shown = response.content.decode()
    raw = shown.split('id="new-token">')[1].split("<")[0]
    assert tokens.digest(raw) == token.digest
    assert raw not in client.get("/account/tokens/").content.decode()


def test_the_page_revokes_only_ones_own_token(client):
    ada, bob = make_user("ada"), make_user("bob")
    token, _ = tokens.create(ada, "cli", ["read"], 30)
    client.force_login(bob)
    client.post(f"/account/tokens/{token.pk}/revoke")
    assert AccessToken.objects.get(pk=token.pk).revoked_at is None
    client.force_login(ada)
    client.post(f"/account/tokens/{token.pk}/revoke")
    assert AccessToken.objects.get(pk=token.pk).revoked_at is not None


def test_the_session_works_in_the_browser_and_writes_need_csrf():
    from django.test import Client

    user = make_user()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    assert browser.get("/api/v1/progress").status_code == 200
    assert browser.post("/api/v1/cohorts/join", data='{"code": "X"}', content_type="application/json"
                        ).status_code == 403
