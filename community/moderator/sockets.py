"""Listeners' live events: going on and off duty, claiming crisis items.

On duty, a listener's socket is in the listeners room and receives crisis_alert,
item_queued, item_claimed and item_decided.
"""

from __future__ import annotations

from flask import request
from flask_login import current_user
from flask_socketio import SocketIO, join_room, leave_room

from community import realtime
from community.realtime import socket_event
from moderation import actions, alerts, duty, queue


@socket_event(listener=True)
def go_on_duty(data: dict) -> dict:
    duty.go_on_duty(current_user, request.sid)
    join_room(realtime.LISTENERS_ROOM)
    # Whatever crisis is still unclaimed reaches a listener the moment they are on duty.
    alerts.resend_to(request.sid)
    return {"ok": True, "on_duty": True}


@socket_event(listener=True)
def alert_seen(data: dict) -> dict:
    """The listener's screen shows a crisis alert: that is what "a listener was told" means."""
    alerts.mark_seen(current_user, data.get("item"))
    return {"ok": True}


@socket_event(listener=True)
def go_off_duty(data: dict) -> dict:
    duty.go_off_duty(request.sid)
    leave_room(realtime.LISTENERS_ROOM)
    return {"ok": True, "on_duty": False}


@socket_event(listener=True)
def claim_item(data: dict) -> dict:
    item = actions.claim_item(current_user, queue.get_item(data.get("item")))
    return {"ok": True, "item": item.id, "url": f"/moderator/items/{item.id}"}


def on_disconnect() -> None:
    # A closed tab is off duty; the row is per socket, so other tabs stay on. Not checked
    # against the member: a socket disconnected because its session ended is no longer
    # signed in by now, and its duty must end all the same.
    duty.go_off_duty(request.sid)


def register(socketio: SocketIO) -> None:
    socketio.on_event("go_on_duty", go_on_duty)
    socketio.on_event("go_off_duty", go_off_duty)
    socketio.on_event("alert_seen", alert_seen)
    socketio.on_event("claim_item", claim_item)
