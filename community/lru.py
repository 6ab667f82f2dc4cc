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
    """At most ``size`` entries; safe to share between the threads of a worker."""

    def __init__(self, size: int) -> None:
        self._kept: OrderedDict[Hashable, Value] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Value | None:
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
            return found

    def put(self, key: Hashable, value: Value) -> None:
        with self._lock:
            self._kept[key] = value
            self._kept.move_to_end(key)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)

    def __len__(self) -> int:
        return len(self._kept)


def kept_for_app(extension: str, switch: str, make: Callable[[], Store]) -> Store | None:
    """This app's store under ``extension``, made on first use; None when config ``switch`` is off."""
    if not current_app.config.get(switch, True):
        return None
    found = current_app.extensions.get(extension)
    if found is None:
        found = current_app.extensions[extension] = make()
    return found
