"""A bounded map of this process, least recently used first out: the page and fragment caches' store."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from flask import current_app

Value = TypeVar("Value")
Store = TypeVar("Store")


class LRU(Generic[Value]):
    """At most ``size`` entries and, given ``weigh``, at most ``max_bytes`` of them; safe to share
    between the threads of a worker.

    The count alone did not bound memory: a kept page or post block is as large as the posts in
    it (up to 20,000 characters each), so the same count held 35 MB of ordinary pages or ten times
    that of long ones. ``weigh(key, value)`` says what an entry holds, keys included (a post
    block's key carries its HTML); an entry heavier than the whole budget is not kept at all."""

    def __init__(self, size: int, *, max_bytes: int | None = None,
                 weigh: Callable[[Hashable, Value], int] | None = None) -> None:  # fmt: skip
        self._kept: OrderedDict[Hashable, tuple[Value, int]] = OrderedDict()
        self._size = size
        self._max_bytes = max_bytes if weigh is not None else None
        self._weigh = weigh
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Value | None:
        with self._lock:
            found = self._kept.get(key)
            if found is None:
                return None
            self._kept.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value: Value) -> None:
        weight = self._weigh(key, value) if self._weigh is not None else 0
        with self._lock:
            replaced = self._kept.pop(key, None)
            if replaced is not None:
                self._bytes -= replaced[1]
            if self._max_bytes is not None and weight > self._max_bytes:
                return  # it would push out everything else and still not fit
            self._kept[key] = (value, weight)
            self._bytes += weight
            while len(self._kept) > self._size or (self._max_bytes is not None and self._bytes > self._max_bytes):
                _, (_, dropped) = self._kept.popitem(last=False)
                self._bytes -= dropped

    def __len__(self) -> int:
        return len(self._kept)

    def values(self) -> list[Value]:
        """The kept values, least recently used first (a copy: for looking, as tests do)."""
        with self._lock:
            return [value for value, _ in self._kept.values()]

    @property
    def bytes(self) -> int:
        """What the kept entries weigh together (0 without ``weigh``)."""
        return self._bytes


def key_size(key: Hashable) -> int:
    """What a cache key holds in text (a post block's key carries the post's HTML)."""
    return text_size(key if isinstance(key, tuple) else (key,))


def text_size(parts) -> int:
    """The characters in the strings among ``parts`` (a key's or a fragment's pieces): close enough
    to their bytes for a budget, and far cheaper than measuring the objects."""
    return sum(len(part) for part in parts if isinstance(part, str | bytes))


def kept_for_app(extension: str, switch: str, make: Callable[[], Store]) -> Store | None:
    """This app's store under ``extension``, made on first use; None when config ``switch`` is off."""
    if not current_app.config.get(switch, True):
        return None
    found = current_app.extensions.get(extension)
    if found is None:
        found = current_app.extensions[extension] = make()
    return found
