"""Run native, CPU-bound work (the screener's model) without stopping every other member.

Under gevent all greenlets share one OS thread: an onnxruntime inference of 10-25 ms
called from a greenlet would freeze every socket of the process for that long. Run in
gevent's native thread pool instead, the calling greenlet waits and the hub keeps serving
(onnxruntime releases the GIL while it computes). Under the threading mode (tests,
``flask run``) each request already has its own thread, so the call is made in place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import current_app

T = TypeVar("T")


def run_blocking(func: Callable[..., T], *args, **kwargs) -> T:
    if current_app.config["SOCKETIO_ASYNC_MODE"] != "gevent":
        return func(*args, **kwargs)
    import gevent

    return gevent.get_hub().threadpool.apply(func, args, kwargs)
