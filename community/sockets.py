"""Socket.IO: connection-level checks and each feature's handlers, registered per app."""

from __future__ import annotations

from flask import Flask
from flask_login import current_user
from flask_socketio import join_room

from community import realtime
from community.extensions import socketio


def _on_connect(auth=None) -> bool:
    # Visitors who are not signed in get no socket: every live feature is for members.
    if not current_user.is_authenticated:
        return False
    join_room(realtime.user_room(current_user.id))
    return True


def register(app: Flask) -> None:
    socketio.on_event("connect", _on_connect)
    from community.forum import sockets as forum_sockets

    forum_sockets.register(socketio)
