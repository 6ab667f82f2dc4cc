"""Notification events from a page: mark read, dismiss the listener banner. Each is acked."""

from __future__ import annotations

from flask_login import current_user
from flask_socketio import SocketIO

from community.errors import InvalidInput
from community.notifications import access, service
from community.realtime import socket_event


def _ids(data: dict) -> list[int] | None:
    ids = data.get("ids")
    if ids is None:
        return None
    if (
        not isinstance(ids, list)
        or len(ids) > access.PAGE_SIZE
        or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids)
    ):
        raise InvalidInput(f"ids must be a list of at most {access.PAGE_SIZE} notification numbers.")
    return ids


@socket_event
def mark_notifications_read(data: dict) -> dict:
    service.mark_read(current_user, _ids(data))
    return {"ok": True, "unread_count": access.unread_count(current_user)}


@socket_event
def dismiss_notification(data: dict) -> dict:
    service.dismiss(current_user, data.get("notification"))
    return {"ok": True}


def register(socketio: SocketIO) -> None:
    socketio.on_event("mark_notifications_read", mark_notifications_read)
    socketio.on_event("dismiss_notification", dismiss_notification)
