"""Who is calling: a Bearer personal access token (with the scope the endpoint needs) or, for the browser
and the interactive docs, the Django session (CSRF-checked on writes). Both give `request.user`; the
role checks are the web's own (instructor, admin)."""

from __future__ import annotations

from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from api import tokens


class TokenAuth(HttpBearer):
    """`Authorization: Bearer unw_…`; a token without `scope` is refused with 403 (not 401: it is valid)."""

    def __init__(self, scope: str):
        super().__init__()
        self.scope = scope

    def authenticate(self, request, token: str):
        found = tokens.authenticate(token)
        if found is None:
            return None
        if self.scope not in found.scopes:
            raise HttpError(403, f"This token lacks the '{self.scope}' scope.")
        request.user = found.user
        request.api_token = found
        return found.user


class ActiveSession(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


_SESSION = ActiveSession()


def needs(scope: str) -> list:
    """The auth of an endpoint that needs `scope`: a token with it, or a logged-in session."""
    return [TokenAuth(scope), _SESSION]


def require_instructor(request) -> None:
    if not request.user.is_instructor:
        raise HttpError(403, "Only instructors can do this.")


def require_admin(request) -> None:
    if not request.user.is_site_admin:
        raise HttpError(403, "Only admins can do this.")
