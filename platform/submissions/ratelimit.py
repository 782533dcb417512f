"""Per-learner rate limits for Run and Submit: a flood from one learner must not starve the others.

A fixed one-minute window counted in the cache (Redis when REDIS_URL is set, so every web process
shares it; per process otherwise).
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache

log = logging.getLogger(__name__)


def allow(user_id: int, action: str) -> bool:
    """Count one `action` for the learner; False once this minute's allowance is used up."""
    limit = settings.RATE_LIMITS.get(action)
    if not limit:
        return True
    key = f"rate:{action}:{user_id}:{int(time.time() // 60)}"
    try:
        cache.add(key, 0, timeout=70)
        try:
            count = cache.incr(key)
        except ValueError:  # the key expired between add and incr
            cache.set(key, 1, timeout=70)
            count = 1
    except Exception as exc:  # the cache (Redis) is down: a learner's submission matters more than the limit
        log.warning("rate limit not counted for user %s (%s: %s)", user_id, type(exc).__name__, exc)
        return True
    return count <= limit
