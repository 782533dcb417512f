"""Personal access tokens: made, checked and revoked here; only the SHA-256 of a token is stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from api.models import AccessToken

TOKEN_PREFIX = "unw_"
EXPIRY_DAYS = (7, 30, 90, 365)
TEACHING_SCOPES = {AccessToken.Scope.TEACH.value}


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def scopes_for(user) -> list[str]:
    """The scopes this user may give a token: `teach` only to instructors and admins."""
    return [s for s in AccessToken.Scope.values if user.is_instructor or s not in TEACHING_SCOPES]


def create(user, name: str, scopes: list[str], days: int) -> tuple[AccessToken, str]:
    """Store a new token and return it with its secret, which is never stored or shown again."""
    allowed = scopes_for(user)
    chosen = [s for s in AccessToken.Scope.values if s in scopes and s in allowed]
    if not chosen:
        raise ValueError("Choose at least one scope you may use.")
    if days not in EXPIRY_DAYS:
        raise ValueError(f"The expiry is one of {', '.join(map(str, EXPIRY_DAYS))} days.")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(user=user, name=name.strip()[:100] or "token", prefix=raw[:12],
                                       digest=digest(raw), scopes=chosen,
                                       expires_at=timezone.now() + timedelta(days=days))
    return token, raw


def authenticate(raw: str) -> AccessToken | None:
    """The active token with this secret (its user active too), or None. Marks it used."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    now = timezone.now()
    token = (AccessToken.objects.select_related("user")
             .filter(digest=digest(raw), revoked_at__isnull=True, expires_at__gt=now, user__is_active=True).first())
    if token is None:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)  # at most once a minute per token
    return token


def revoke(user, pk: int) -> bool:
    """Revoke one of the user's own tokens; False if there is no such active token of theirs."""
    return bool(AccessToken.objects.filter(pk=pk, user=user, revoked_at__isnull=True).update(revoked_at=timezone.now()))
