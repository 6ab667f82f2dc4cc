"""At most one broadcast per room per interval, for events whose payload is the room's whole state.

``presence_changed`` carries every name in the room, so each join costs one list of N
names sent to N sockets. When many members arrive at once (a busy evening, or every tab
reconnecting after a deploy), sending one per join is N² names: at 500 members, gigabytes
that stall every chat message behind them (bench/chat.py). Folded together, a quiet room
still hears of a change at once (the leading edge), and a burst costs one broadcast per
interval carrying the state as it is by then, so nothing is lost, only merged.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from flask import Flask

from community.extensions import socketio


class RoomBatcher:
    """``changed(room, *args)`` calls ``send(room, *args)`` now, or once at the end of the room's window."""

    def __init__(self, app: Flask, interval: float, send: Callable[..., None]) -> None:
        self._app, self._interval, self._send = app, interval, send
        self._lock = threading.Lock()
        # Rooms inside a window → whether something changed since the last send.
        self._windows: dict[str, bool] = {}

    def changed(self, room: str, *args) -> None:
        if self._interval <= 0:
            self._send(room, *args)
            return
        with self._lock:
            if room in self._windows:
                self._windows[room] = True  # the window's closing send will carry it
                return
            self._windows[room] = False
        # The window's task first: if this send fails, the window still closes on time.
        socketio.start_background_task(self._run_window, room, args)
        self._send(room, *args)

    def _run_window(self, room: str, args: tuple) -> None:
        # Keep the window open while changes keep coming; close it after a quiet interval.
        while True:
            socketio.sleep(self._interval)
            with self._lock:
                if not self._windows[room]:
                    del self._windows[room]
                    return
                self._windows[room] = False
            with self._app.app_context():
                try:
                    self._send(room, *args)
                except Exception:  # e.g. Redis away for a moment: the next change sends again
                    self._app.logger.exception("Presence broadcast to %s failed", room)
