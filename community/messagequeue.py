"""The Socket.IO message queue on Redis, and what a process does when it comes back.

python-socketio delivers every emit to this process's own sockets first and then
publishes it for the others, so while Redis is away each process still serves its
own members: that is the degraded mode. What it cannot do is tell the others, and
its listener loop gives no sign when Redis returns. ``QueueManager`` notes when the
queue went away, retries every second, and once it is subscribed again runs the
hooks that features registered with ``when_back``: members catch up on what other
processes said meanwhile, presence is written back, unclaimed crisis alerts go out again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import socketio
from flask import Flask

from community import health
from community.extensions import db

log = logging.getLogger(__name__)

RETRY_SECONDS = 1.0
# Catching up after an outage starts this much before Redis was first seen gone: the clocks
# of several machines, and that moment on each process, differ a little.
CATCH_UP_MARGIN = timedelta(seconds=5)
# Flask-SocketIO's channel: an external emitter (DESIGN.md) publishes here too.
CHANNEL = "flask-socketio"
_HOOKS = "kindred_queue_back_hooks"

QueueBackHook = Callable[[datetime], None]


def when_back(app: Flask, hook: QueueBackHook) -> None:
    """Run ``hook(down_since)`` in an app context each time the queue returns after an outage."""
    app.extensions.setdefault(_HOOKS, []).append(hook)


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class QueueManager(socketio.RedisManager):
    """python-socketio's RedisManager, with its listener loop replaced by one that says when the
    queue comes back. That loop is a private method of python-socketio 5; if it is ever renamed,
    catch-up stops and the fault suite (tests/cluster/) fails, rather than anything silently."""

    def __init__(self, app: Flask, url: str) -> None:
        # Fail fast on connect; no read timeout, since the listener waits on an idle channel.
        super().__init__(url, channel=CHANNEL, redis_options={"socket_connect_timeout": 1, "socket_keepalive": True})
        self._app = app
        self.down_since: datetime | None = None

    def _redis_listen_with_retries(self):
        while True:
            try:
                self._redis_connect()
                self.pubsub.subscribe(self.channel)
                if self.down_since is not None:
                    self.server.start_background_task(self._came_back, self.down_since)
                    self.down_since = None
                yield from self.pubsub.listen()
            except Exception:  # noqa: BLE001 - any failure here means "the queue is away"
                if self.down_since is None:
                    self.down_since = _utcnow()
                    log.warning("Message queue unreachable: delivering to this process's sockets only")
                self.connected = False
                time.sleep(RETRY_SECONDS)

    def _came_back(self, down_since: datetime) -> None:
        log.warning("Message queue back (away since %s UTC): telling this process's clients to catch up",
                    down_since.strftime("%H:%M:%S"))  # fmt: skip
        run_hooks(self._app, down_since)


def run_hooks(app: Flask, down_since: datetime) -> None:
    with app.app_context():
        for hook in app.extensions.get(_HOOKS, []):
            try:
                hook(down_since)
            except Exception:
                log.exception("After the message queue came back, %s failed", getattr(hook, "__name__", hook))
                health.forget_failed_transaction()
        db.session.remove()


def manager(app: Flask) -> QueueManager | None:
    """socketio.init_app's client_manager: None (in-process rooms) without REDIS_URL.

    Passed even when None: the SocketIO object keeps its options from one init_app to the
    next, and an app without Redis must not inherit the previous app's queue.
    """
    url = app.config.get("REDIS_URL")
    return QueueManager(app, url) if url else None


def emit_here(event: str, payload: dict, room: str) -> None:
    """Send to this process's sockets in ``room`` only: the others do their own."""
    from community.extensions import socketio as flask_socketio

    flask_socketio.emit(event, payload, to=room, ignore_queue=True)


def local_rooms(prefix: str) -> list[str]:
    """The rooms that have sockets on this process, by prefix ("group:", "support:")."""
    from community.extensions import socketio as flask_socketio

    return [room for room in flask_socketio.server.manager.rooms.get("/", {}) if room and room.startswith(prefix)]
