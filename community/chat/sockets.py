"""Group chat events: join, leave, send, type, load history; listeners' room tools.

Each handler resolves and authorizes, hands the work to community.chat.service,
and answers with an ack. Joining a room is reading: it uses the page's check.
"""

from __future__ import annotations

from flask import request
from flask_login import current_user
from flask_socketio import SocketIO

from community import live_sockets, ratelimit, realtime
from community.chat import access, presence, service
from community.chat.broadcasts import history_payload, message_payload
from community.extensions import db
from community.groups.models import Group
from community.realtime import socket_event
from moderation.notices import author_notice, latest_items
from moderation.status import ContentStatus


def _payloads(messages) -> list[dict]:
    own = [m.id for m in messages if m.status is not ContentStatus.PUBLISHED]
    notices = {mid: author_notice(item) for mid, item in latest_items("chat_message", own).items()}
    return history_payload(messages, current_user, notices)


@socket_event
def join_chat(data: dict) -> dict:
    """Enter a room: the last page of messages, or (``after``) what a reconnect missed."""
    group = access.get_chat_group(current_user, data.get("group"))
    if data.get("after") is None:
        messages, more = access.history(current_user, group)
    else:
        messages, more = access.since(current_user, group, data["after"])
    name = service.enter_room(current_user, group, request.sid, anonymous=data.get("anonymous"))
    live_sockets.join(realtime.group_room(group.id))
    return {"ok": True, "group": group.slug, "messages": _payloads(messages), "more": more, "you": name,
            "here": presence.names(realtime.group_room(group.id))}  # fmt: skip


@socket_event
def leave_chat(data: dict) -> dict:
    group = access.get_chat_group(current_user, data.get("group"))
    live_sockets.leave(realtime.group_room(group.id))
    service.leave_room(group, request.sid)
    return {"ok": True}


@socket_event
def send_message(data: dict) -> dict:
    group = access.get_sending_group(current_user, data.get("group"))
    ratelimit.check_write(current_user, "chat")
    message, review = service.send_message(current_user, group, data.get("body"), anonymous=data.get("anonymous"))
    notice = "" if review.published else author_notice(review.item)
    return {"ok": True, "message": message_payload(message, viewer=current_user, notice=notice),
            "held": not review.published, "crisis": review.decision.crisis}  # fmt: skip


@socket_event
def typing(data: dict) -> dict:
    group = access.get_chat_group(current_user, data.get("group"))
    return {"ok": True, "sent": service.typing(current_user, group, request.sid)}


@socket_event
def load_history(data: dict) -> dict:
    group = access.get_chat_group(current_user, data.get("group"))
    messages, more = access.history(current_user, group, before=data.get("before"))
    return {"ok": True, "messages": _payloads(messages), "more": more}


@socket_event(listener=True)
def remove_message(data: dict) -> dict:
    message = access.get_message(current_user, data.get("message"))
    service.remove_message(current_user, message, note=data.get("note", ""))
    return {"ok": True}


@socket_event(listener=True)
def mute_member(data: dict) -> dict:
    """Mute the author of a message (listeners see messages, not who is behind an alias)."""
    message = access.get_message(current_user, data.get("message"))
    mute = service.mute_author(current_user, message, data.get("minutes"))
    return {"ok": True, "until": mute.until.isoformat() + "Z"}


@socket_event(listener=True)
def set_slow_mode(data: dict) -> dict:
    group = access.get_chat_group(current_user, data.get("group"))
    service.set_slow_mode(current_user, group, data.get("seconds"))
    return {"ok": True}


@socket_event
def block_author(data: dict) -> dict:
    """Block whoever wrote a message as shown (an alias in this room, or an account); the answer never names them."""
    message = access.get_message(current_user, data.get("message"))
    service.block_author(current_user, message)
    return {"ok": True}


def on_disconnect() -> None:
    service.leave_all(request.sid)


def _chat_group(member, group_id: int) -> Group:
    group = db.session.get(Group, group_id)
    return access.get_chat_group(member, group.slug if group is not None else None)


def _forget_presence(sid: str, group_id: str) -> None:
    group = db.session.get(Group, int(group_id))
    if group is not None:
        service.leave_room(group, sid)


def register(socketio: SocketIO) -> None:
    live_sockets.register_room_kind("group", live_sockets.readable_through(_chat_group), _forget_presence)
    for handler in (join_chat, leave_chat, send_message, typing, load_history,
                    remove_message, mute_member, set_slow_mode, block_author):  # fmt: skip
        socketio.on_event(handler.__name__, handler)
