"""State that lives outside the database: in Redis when REDIS_URL is set, in this process otherwise."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import current_app

T = TypeVar("T")


def per_app(name: str, *, redis: Callable[[str], T], memory: Callable[[], T]) -> T:
    """This app's store called ``name``, made on first use: shared through Redis between the
    server processes when there are several, an in-process object for the single-process default."""
    found = current_app.extensions.get(name)
    if found is None:
        url = current_app.config.get("REDIS_URL")
        found = redis(url) if url else memory()
        current_app.extensions[name] = found
    return found
