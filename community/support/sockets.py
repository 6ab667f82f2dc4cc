"""Support chat events: request a listener, accept, join, talk, end."""

from __future__ import annotations

from flask_login import current_user
from flask_socketio import SocketIO

from community import live_sockets, ratelimit, realtime
from community.realtime import socket_event
from community.support import access, broadcasts, service
from community.support.models import SupportChat


def _answer(found) -> dict:
    if isinstance(found, SupportChat):
        return {"ok": True, "chat": broadcasts.chat_payload(found)}
    return {"ok": True, "request": found.id, "waiting": True}


@socket_event
def request_listener(data: dict) -> dict:
    ratelimit.check_write(current_user, "support")
    return _answer(service.request_listener(current_user, share_name=data.get("share_name", False)))


@socket_event
def support_status(data: dict) -> dict:
    """Where the member's ask stands, read on each (re)connect of "Talk to a listener": a
    listener who accepted while the page was loading or offline sent ``support_started``
    to no one, and the member would wait on for a chat that is already open. Asked again
    while the member waits: if the last listener has gone off duty, the page says so."""
    standing = access.standing_of(current_user)
    chat, waiting = standing.open_chat, standing.waiting
    return {"ok": True, "chat": chat and broadcasts.chat_payload(chat), "request": waiting and waiting.id,
            "listeners_on_duty": standing.listeners_on_duty > 0}  # fmt: skip


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
    live_sockets.join(realtime.support_room(chat.id))
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
    live_sockets.register_room_kind("support", live_sockets.readable_through(access.get_readable_chat))
    for handler in (request_listener, support_status, cancel_request, accept_request, join_support_chat,
                    send_support_message, end_support_chat):  # fmt: skip
        socketio.on_event(handler.__name__, handler)
