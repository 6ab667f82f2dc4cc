"""Rate limits the code checks itself, shared by every server process, with a local fallback.

Two kinds: per-member write allowances (``check_write(member, action)``, called by the views
and socket handlers of each kind of write before its use case), and the chat's own limits
(sends, typing, slow mode) that community.chat counts with ``hit``. Sign-ups are limited per
address on the sign-up view itself, by Flask-Limiter.

The counters live in Flask-Limiter's storage: Redis when REDIS_URL is set (so a member has one
allowance, whichever process serves them), memory otherwise. Flask-Limiter falls back to
per-process memory for the limits it applies to routes, but a direct ``limiter.limiter.hit``
would raise while Redis is away and fail the member's write. ``hit`` counts in this process
instead, warns once, and tries the shared storage again after ``RETRY_SECONDS``: a member may
then get a few more writes through than the limit across processes, which is better than none.

Trust levels: an account that has not yet taken part (``is_new_member``: its posts still wait
for a listener) gets a smaller allowance. Sock puppets and scripts are new accounts; people who
have been around keep the full pace.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from flask import current_app
from limits import RateLimitItem, parse_many
from limits.errors import StorageError
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter

from community.errors import RateLimited
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


@dataclass(frozen=True)
class Allowance:
    established: tuple[RateLimitItem, ...]
    new: tuple[RateLimitItem, ...]
    message: str


def _allowance(established: str, new: str, message: str) -> Allowance:
    return Allowance(tuple(parse_many(established)), tuple(parse_many(new)), message)


_SLOW = "Please wait a minute and try again."
# Per member: bursts a person never needs are cut off (the review saw 40 replies in 0.3 s),
# while someone writing a lot on a hard night keeps going. Attempts count, refused ones too.
ALLOWANCES = {
    "thread": _allowance("15 per minute; 60 per hour", "5 per minute; 20 per hour",
                         f"You're starting threads quickly. {_SLOW}"),
    "reply": _allowance("20 per minute; 200 per hour", "5 per minute; 40 per hour",
                        f"You're replying quickly. {_SLOW}"),
    "edit": _allowance("20 per minute; 120 per hour", "5 per minute; 30 per hour",
                       f"You're editing quickly. {_SLOW}"),
    "question": _allowance("10 per minute; 60 per hour", "3 per minute; 20 per hour",
                           f"You're asking quickly. {_SLOW}"),
    "answer": _allowance("20 per minute", "20 per minute", f"You're answering quickly. {_SLOW}"),
    "vote": _allowance("30 per minute", "10 per minute", f"You're voting quickly. {_SLOW}"),
    "chat": _allowance("30 per minute", "10 per minute",
                       "You're sending messages quickly. Please wait a few seconds."),
    # Asking to join a private group: a listener reads each request, so a few a day is plenty.
    "join_request": _allowance("5 per hour; 20 per day", "3 per hour; 10 per day",
                               "You've asked to join several times. A listener will answer soon."),
    "support": _allowance("10 per hour", "10 per hour",
                          "You've asked for a listener several times. One will answer as soon as they can. "
                          "If you're in danger now, call or text 988, or see the crisis page."),
}  # fmt: skip


def check_write(member, action: str) -> None:
    """Count one ``action`` by ``member`` (a User); raise RateLimited (429) when over the allowance."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    allowance = ALLOWANCES[action]
    tier = "new" if member.is_new_member else "established"
    for limit in allowance.new if tier == "new" else allowance.established:
        if not hit(limit, "write", action, tier, str(member.id)):
            raise RateLimited(allowance.message)


# Searches, per member or (for visitors) per address: a person reads what they find between
# searches; a script walking the index for a name or a phrase does not.
SEARCH_LIMITS = tuple(parse_many("20 per minute; 300 per hour"))


def check_search(member, address: str | None) -> None:
    """Count one search by ``member`` (a User, or a visitor) from ``address``; RateLimited (429) when over."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    who = f"member:{member.id}" if member is not None and member.is_authenticated else f"address:{address}"
    for limit in SEARCH_LIMITS:
        if not hit(limit, "search", who):
            raise RateLimited("You're searching quickly. Please wait a minute and try again.")
