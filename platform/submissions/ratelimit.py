"""Per-learner rate limits for Run and Submit: a flood from one learner must not starve the others.

A fixed one-minute window, counted where every web process sees it: in the cache when it is Redis
(REDIS_URL), otherwise in the database (RateCount, an atomic UPDATE ... SET count = count + 1). A
per-process count would let N gunicorn workers accept N times the limit.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpResponse
from django.utils.html import escape

log = logging.getLogger(__name__)


def allow(user_id: int, action: str) -> bool:
    """Count one `action` for the learner; False once this minute's allowance is used up."""
    limit = settings.RATE_LIMITS.get(action)
    if not limit:
        return True
    window = int(time.time() // 60)
    key = f"rate:{action}:{user_id}:{window}"
    try:
        count = _count_in_cache(key) if settings.REDIS_URL else _count_in_database(key, window)
    except Exception as exc:  # the store is down: a learner's submission matters more than the limit
        log.warning("rate limit not counted for user %s (%s: %s)", user_id, type(exc).__name__, exc)
        return True
    return count <= limit


def _count_in_cache(key: str) -> int:
    cache.add(key, 0, timeout=70)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=70)
        return 1


def _count_in_database(key: str, window: int) -> int:
    from submissions.models import RateCount

    with transaction.atomic():
        if not RateCount.objects.filter(key=key).update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateCount.objects.create(key=key, window=window, count=1)
                return 1
            except IntegrityError:  # another process created it first: count on its row
                RateCount.objects.filter(key=key).update(count=F("count") + 1)
        return RateCount.objects.filter(key=key).values_list("count", flat=True).get()


def forget_old_windows() -> int:
    """Delete database counts of windows that have ended (the sweeper calls this)."""
    from submissions.models import RateCount

    deleted, _ = RateCount.objects.filter(window__lt=int(time.time() // 60) - 1).delete()
    return deleted


# -- refusing a flood cheaply ------------------------------------------------------------------------
# A script that retries the moment it is refused costs a full request each time (session, user, locks)
# and slows everyone's pages. Once a session has been refused for the rate, the rest of that minute's
# attempts from it are answered by EarlyRefusal before the session is even loaded: one cache read.

EARLY_PATH = re.compile(r"^/problems/\d+/(run|submit)$")
EARLY_MESSAGE = "That is more than {limit} {action}s a minute. Wait a few seconds and try again; nothing was lost."


def _refusal_key(session_key: str, action: str) -> str:
    return f"refused:{action}:{hashlib.sha256(session_key.encode()).hexdigest()[:32]}"


def remember_refusal(request, action: str) -> None:
    """Note that this session was refused `action` for the rest of the current window."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if session_key:
        try:
            cache.set(_refusal_key(session_key, action), 1, timeout=max(1, 60 - int(time.time()) % 60))
        except Exception as exc:  # a cache outage only makes refusals dearer
            log.warning("refusal not remembered (%s: %s)", type(exc).__name__, exc)


def too_fast_message(action: str) -> str:
    return EARLY_MESSAGE.format(limit=settings.RATE_LIMITS[action], action=action)


class EarlyRefusal:
    """Answers 429 to a Run or Submit POST from a session already refused for the rate this minute,
    before the session, the user or the database are touched. Anything else passes through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and (found := EARLY_PATH.match(request.path_info)):
            session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
            try:
                refused = bool(session_key) and cache.get(_refusal_key(session_key, found.group(1)))
            except Exception:  # no cache: the view decides, as before
                refused = False
            if refused:
                body = ('<div class="run-result"><p class="verdict v-rejected">Not submitted</p>'
                        f'<p role="alert">{escape(too_fast_message(found.group(1)))}</p></div>')
                return HttpResponse(body, status=429, headers={"Retry-After": str(60 - int(time.time()) % 60)})
        return self.get_response(request)
