"""Forum live events: readers of a thread hear of new replies (``reply_added``)."""

from __future__ import annotations

from flask_login import current_user
from flask_socketio import SocketIO, join_room

from community import realtime
from community.errors import KindredError
from community.forum import access


def watch_thread(data: object) -> dict:
    """Join a thread's room; joining is reading, so it uses the thread page's check."""
    if not current_user.is_authenticated:
        return {"ok": False, "error": "Please sign in first."}
    thread_id = data.get("thread") if isinstance(data, dict) else None
    try:
        thread = access.get_readable_thread(current_user, thread_id)
    except KindredError as error:
        return error.ack()
    join_room(realtime.thread_room(thread.id))
    return {"ok": True, "thread": thread.id}


def register(socketio: SocketIO) -> None:
    socketio.on_event("watch_thread", watch_thread)
