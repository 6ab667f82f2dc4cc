"""Forum live events: readers of a thread hear of new replies (``reply_added``)."""

from __future__ import annotations

from flask_login import current_user
from flask_socketio import SocketIO

from community import live_sockets, realtime
from community.forum import access
from community.realtime import socket_event


@socket_event
def watch_thread(data: dict) -> dict:
    """Join a thread's room; joining is reading, so it uses the thread page's check."""
    thread = access.get_readable_thread(current_user, data.get("thread"))
    live_sockets.join(realtime.thread_room(thread.id))
    return {"ok": True, "thread": thread.id}


def register(socketio: SocketIO) -> None:
    live_sockets.register_room_kind("thread", live_sockets.readable_through(access.get_readable_thread))
    socketio.on_event("watch_thread", watch_thread)
