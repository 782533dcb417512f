"""Per-learner rate limits for Run and Submit: a flood from one learner must not starve the others.

A fixed one-minute window, counted where every web process sees it: in the cache when it is Redis
(REDIS_URL), otherwise in the database (RateCount, an atomic UPDATE ... SET count = count + 1). A
per-process count would let N gunicorn workers accept N times the limit.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F

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
