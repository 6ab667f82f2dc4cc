"""The tokens behind kept pages (community.page_cache): in Redis, shared by every process, when
REDIS_URL is set; in this process otherwise, and while Redis is away."""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable

log = logging.getLogger(__name__)

EVERYTHING = "all"
RETRY_SECONDS = 5.0
# Tokens a process remembers without Redis. Forgetting one gives it a new token, which only
# retires pages, so the bound is safe; without it, asking for made-up ids would grow it forever.
MAX_MEMORY_STAMPS = 65_536


def _token() -> str:
    return secrets.token_hex(8)


class MemoryStamps:
    """Tokens in this process: the whole truth when it is the only one."""

    def __init__(self, max_names: int = MAX_MEMORY_STAMPS) -> None:
        self._tokens: OrderedDict[str, str] = OrderedDict()
        self._max_names = max_names
        self._lock = threading.Lock()

    def read(self, names: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
        with self._lock:
            found = tuple(self._tokens.setdefault(name, _token()) for name in names)
            self._forget_oldest()
            return found, True

    def change(self, names: Iterable[str]) -> None:
        with self._lock:
            for name in names:
                self._tokens[name] = _token()
                self._tokens.move_to_end(name)
            self._forget_oldest()

    def _forget_oldest(self) -> None:
        while len(self._tokens) > self._max_names:
            self._tokens.popitem(last=False)


class RedisStamps:
    """Tokens in Redis, shared by every process; this process's own while Redis is away.

    Tokens are random, not counters: after Redis restarts empty, a name gets a new token rather
    than starting again at a number some process kept a page under.
    """

    KEY = "kindred:page-stamp:"
    # An expired token is replaced by a new one: pages are retired, never revived. Longer than a
    # page is kept, so expiry costs nothing; short, so made-up ids do not pile up keys in Redis.
    TTL_SECONDS = 600

    def __init__(self, url: str) -> None:
        import redis

        # Short timeouts: a visitor's page must not wait on a Redis that is away.
        self._redis = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
        self._errors = (redis.RedisError, OSError)
        self._local = MemoryStamps()
        self._retry_at = 0.0
        self._owed_everything = False  # a write this process could not announce

    def read(self, names: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
        if time.monotonic() >= self._retry_at:
            try:
                self._settle_debt()
                return self._shared_tokens(names), True
            except self._errors:
                self._went_away()
        return self._local.read(names)[0], False

    def change(self, names: Iterable[str]) -> None:
        names = list(names)
        self._local.change(names)
        if time.monotonic() >= self._retry_at:
            try:
                self._settle_debt()
                self._write({name: _token() for name in names})
                return
            except self._errors:
                self._went_away()
        self._owed_everything = True

    def _shared_tokens(self, names: tuple[str, ...]) -> tuple[str, ...]:
        found = self._redis.mget([self.KEY + name for name in names])
        if all(found):
            return tuple(value.decode() for value in found)
        pipe = self._redis.pipeline()
        for name, value in zip(names, found, strict=True):
            if value is None:
                pipe.set(self.KEY + name, _token(), nx=True, ex=self.TTL_SECONDS)
        pipe.mget([self.KEY + name for name in names])
        return tuple(value.decode() for value in pipe.execute()[-1])

    def _write(self, tokens: dict[str, str]) -> None:
        pipe = self._redis.pipeline()
        for name, token in tokens.items():
            pipe.set(self.KEY + name, token, ex=self.TTL_SECONDS)
        pipe.execute()

    def _settle_debt(self) -> None:
        if self._owed_everything:
            self._write({EVERYTHING: _token()})
            self._owed_everything = False
            log.warning("Page stamps back in Redis: every kept page retired")

    def _went_away(self) -> None:
        if time.monotonic() >= self._retry_at:
            log.warning("Page stamps unreachable in Redis: keeping pages in this process for a few seconds only")
        self._retry_at = time.monotonic() + RETRY_SECONDS
