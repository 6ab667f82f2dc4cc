"""The crisis page's live question: where does my alert stand now? Acked like every event."""

from __future__ import annotations

from flask_login import current_user
from flask_socketio import SocketIO

from community.realtime import socket_event
from moderation import alert_status


@socket_event
def crisis_status(data: dict) -> dict:
    """Asked on (re)connecting and when the wait runs out: a ``crisis_resources`` sent while the
    page was loading or offline is not lost. It answers for the asker's own alert only."""
    return {"ok": True} | alert_status.status_for(current_user)


def register(socketio: SocketIO) -> None:
    socketio.on_event("crisis_status", crisis_status)
