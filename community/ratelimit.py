"""Rate limits the code checks itself (chat sends, typing, slow mode), with a local fallback.

Flask-Limiter falls back to per-process memory for the limits it applies to routes, but a
direct ``limiter.limiter.hit`` would raise while Redis is away and fail the member's send.
``hit`` counts in this process instead, warns once, and tries the shared storage again
after ``RETRY_SECONDS``: a member may then get a few more messages through than the limit
across processes, which is better than none at all.
"""

from __future__ import annotations

import logging
import threading
import time

from limits import RateLimitItem
from limits.errors import StorageError
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter

from community.extensions import limiter

RETRY_SECONDS = 5.0

log = logging.getLogger(__name__)


class _LocalFallback:
    def __init__(self) -> None:
        self.limiter = FixedWindowRateLimiter(MemoryStorage())
        self.retry_at = 0.0
        self._lock = threading.Lock()

    def shared_storage_is_due(self) -> bool:
        return time.monotonic() >= self.retry_at

    def storage_failed(self) -> None:
        with self._lock:
            if self.shared_storage_is_due():
                log.warning("Rate-limit storage unreachable: counting in this process for now.")
            self.retry_at = time.monotonic() + RETRY_SECONDS


_fallback = _LocalFallback()


def hit(limit: RateLimitItem, *keys: str) -> bool:
    """Count one hit against ``limit`` for ``keys``; False when the limit is reached."""
    if _fallback.shared_storage_is_due():
        try:
            return limiter.limiter.hit(limit, *keys)
        except StorageError:
            _fallback.storage_failed()
    return _fallback.limiter.hit(limit, *keys)
