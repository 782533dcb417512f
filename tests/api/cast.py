"""The API tests' cast and a client that speaks Bearer tokens."""

from __future__ import annotations

import json

from api import tokens
from tests.factories import make_user

ALL_LEARNER_SCOPES = ["read", "submit"]


def token_for(user, scopes=("read", "submit", "teach"), days: int = 30) -> str:
    return tokens.create(user, "test", list(scopes), days)[1]


def call(client, method: str, path: str, token: str | None = None, body=None):
    """A request to /api/v1/<path> with the token (if any) as a Bearer header."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    data = json.dumps(body) if body is not None else None
    return getattr(client, method.lower())(f"/api/v1/{path}", data=data, content_type="application/json", **headers)


def learner(name: str = "ada"):
    return make_user(name)
