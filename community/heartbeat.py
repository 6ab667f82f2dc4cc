"""What each process renews while it lives: its presence lease, its listeners' duty leases.

Leases are how a crash cleans up after itself: nobody renews a dead process's leases,
and each beat also sweeps away whatever lease has run out, whoever held it. The first
beat runs as the process starts, so a restart finds the ghosts of its predecessor gone.
Started by the production entry point (community.wsgi) as the process starts, and by the
first socket connection under any other server (``flask run``); tests call ``beat`` directly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask

from community import health
from community.extensions import db, socketio

log = logging.getLogger(__name__)

_TASKS = "kindred_heartbeat_tasks"


def on_beat(app: Flask, task: Callable[[], None]) -> None:
    app.extensions.setdefault(_TASKS, []).append(task)


def interval(app: Flask) -> float:
    """A third of the shortest lease: two beats may be missed before anything expires."""
    leases = ("LISTENER_DUTY_LEASE_SECONDS", "PRESENCE_LEASE_SECONDS", "SOCKET_LEASE_SECONDS")
    return min(app.config[name] for name in leases) / 3


def beat(app: Flask) -> None:
    """Renew and sweep once; a task that fails (its store is away) waits for the next beat."""
    with app.app_context():
        for task in app.extensions.get(_TASKS, []):
            try:
                task()
            except Exception as error:  # noqa: BLE001 - a dependency is away; the next beat retries
                log.warning("Heartbeat task %s failed: %s", task.__name__, type(error).__name__)
                health.forget_failed_transaction()
        db.session.remove()


def _run(app: Flask) -> None:
    while True:
        beat(app)
        socketio.sleep(interval(app))


def start(app: Flask) -> None:
    """Beat for as long as the process lives; once per app, however often it is called."""
    if app.extensions.get("kindred_heartbeat"):
        return
    app.extensions["kindred_heartbeat"] = True
    socketio.start_background_task(_run, app)
