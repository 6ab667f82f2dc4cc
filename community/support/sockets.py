"""Support chat events: request a listener, accept, join, talk, end."""

from __future__ import annotations

from flask_login import current_user
from flask_socketio import SocketIO, join_room

from community import realtime
from community.realtime import socket_event
from community.support import access, broadcasts, service
from community.support.models import SupportChat


def _answer(found) -> dict:
    if isinstance(found, SupportChat):
        return {"ok": True, "chat": broadcasts.chat_payload(found)}
    return {"ok": True, "request": found.id, "waiting": True}


@socket_event
def request_listener(data: dict) -> dict:
    return _answer(service.request_listener(current_user, share_name=data.get("share_name", False)))


@socket_event
def cancel_request(data: dict) -> dict:
    service.cancel_request(current_user, access.get_request(data.get("request")))
    return {"ok": True}


@socket_event(listener=True)
def accept_request(data: dict) -> dict:
    chat = service.accept_request(current_user, access.get_request(data.get("request")))
    return {"ok": True, "chat": broadcasts.chat_payload(chat)}


@socket_event
def join_support_chat(data: dict) -> dict:
    """Open a chat's page: its messages (or those after ``after``, on reconnect) and its room."""
    chat = access.get_readable_chat(current_user, data.get("chat"))
    messages = access.messages(chat, after=data.get("after"))
    join_room(realtime.support_room(chat.id))
    return {"ok": True, "chat": broadcasts.chat_payload(chat),
            "messages": [broadcasts.message_payload(chat, m, current_user) for m in messages]}  # fmt: skip


@socket_event
def send_support_message(data: dict) -> dict:
    chat = access.get_readable_chat(current_user, data.get("chat"))
    message = service.send_support_message(current_user, chat, data.get("body"))
    return {"ok": True, "message": broadcasts.message_payload(chat, message, current_user)}


@socket_event
def end_support_chat(data: dict) -> dict:
    service.end_chat(current_user, access.get_readable_chat(current_user, data.get("chat")))
    return {"ok": True}


def register(socketio: SocketIO) -> None:
    for handler in (request_listener, cancel_request, accept_request, join_support_chat,
                    send_support_message, end_support_chat):  # fmt: skip
        socketio.on_event(handler.__name__, handler)
