"""Forum live events: readers of a thread hear of new replies (``reply_added``)."""

from __future__ import annotations

from flask_login import current_user
from flask_socketio import SocketIO, join_room

from community import realtime
from community.forum import access
from community.realtime import socket_event


@socket_event
def watch_thread(data: dict) -> dict:
    """Join a thread's room; joining is reading, so it uses the thread page's check."""
    thread = access.get_readable_thread(current_user, data.get("thread"))
    join_room(realtime.thread_room(thread.id))
    return {"ok": True, "thread": thread.id}


def register(socketio: SocketIO) -> None:
    socketio.on_event("watch_thread", watch_thread)
