"""Events group chat sends, and their payloads.

Message events wait for the commit (community.realtime.publish). Presence and typing
change no data, so there is nothing to roll back: they are emitted without waiting
(presence folded together when many members come and go at once: chat/batching.py).
Payloads go to a whole room, so they carry the public byline only: an anonymous
chatter appears as their room alias, never by name, username or id.
"""

from __future__ import annotations

from flask import current_app

from community import realtime
from community.accounts.models import User
from community.blocks import access as blocks
from community.chat import presence
from community.chat.batching import RoomBatcher
from community.chat.models import ChatMessage
from community.extensions import db, socketio
from community.identity import byline


def author_of(message: ChatMessage) -> dict:
    """The public byline, under the alias the message went out with (kept on the message,
    since a member who switches identity gets a new one)."""
    names = {message.author_id: message.alias} if message.alias else {}
    return byline(message, names, None).public()


def message_payload(message: ChatMessage, viewer: User | None = None, notice: str = "") -> dict:
    payload = {
        "id": message.id,
        "group": message.group.slug,
        "author": author_of(message),
        "text": message.shown,  # plain text: clients set it as text, never as HTML
        "created_at": message.created_at.isoformat() + "Z",
        "status": message.status.value,
        "is_you": bool(viewer is not None and viewer.id == message.author_id),
    }
    if notice:
        payload["notice"] = notice
    return payload


def history_payload(messages: list[ChatMessage], viewer: User, notices: dict[int, str]) -> list[dict]:
    return [message_payload(m, viewer, notices.get(m.id, "")) for m in messages]


def message_added(message: ChatMessage) -> None:
    """To the room, except the sockets of members who blocked the author (they are not told why)."""
    room = realtime.group_room(message.group_id)
    blockers = (blocks.alias_blockers(blocks.CHAT, message.group_id, message.alias or "") if message.is_anonymous
                else blocks.blockers_of(message.author_id))  # fmt: skip
    skip = presence.sids_of(room, blockers)
    realtime.publish(db.session, "message_added", message_payload(message), room=room, skip=skip or None)


def message_held(message: ChatMessage, notice: str) -> None:
    """To the sender only (all their tabs): their message waits for a listener."""
    payload = message_payload(message, notice=notice) | {"is_you": True}
    realtime.publish(db.session, "message_held", payload, room=realtime.user_room(message.author_id))


def message_removed(message: ChatMessage) -> None:
    """To the room, and to the author, whose held message the room never saw."""
    payload = {"id": message.id, "group": message.group.slug}
    for room in (realtime.group_room(message.group_id), realtime.user_room(message.author_id)):
        realtime.publish(db.session, "message_removed", payload, room=room)


def slow_mode_changed(group_id: int, slug: str, seconds: int) -> None:
    realtime.publish(db.session, "slow_mode_changed", {"group": slug, "seconds": seconds},
                     room=realtime.group_room(group_id))  # fmt: skip


def member_muted(user_id: int, slug: str, until) -> None:
    realtime.publish(db.session, "member_muted", {"group": slug, "until": until.isoformat() + "Z"},
                     room=realtime.user_room(user_id))  # fmt: skip


def presence_changed(group_id: int, slug: str) -> None:
    """Who is here, to the room: at once when the room is quiet, folded together in a rush."""
    batcher = current_app.extensions.get("kindred_presence_batcher")
    if batcher is None:
        interval = current_app.config["CHAT_PRESENCE_INTERVAL"]
        batcher = current_app.extensions["kindred_presence_batcher"] = RoomBatcher(
            current_app._get_current_object(), interval, _send_presence)  # fmt: skip
    batcher.changed(realtime.group_room(group_id), slug)


def _send_presence(room: str, slug: str) -> None:
    socketio.emit("presence_changed", {"group": slug, "here": presence.names(room)}, to=room)


def identity_changed(user_id: int, slug: str) -> None:
    """To the member's own tabs: reload the room under the identity they chose."""
    realtime.publish(db.session, "identity_changed", {"group": slug}, room=realtime.user_room(user_id))


def member_typing(group_id: int, slug: str, name: str, sid: str) -> None:
    socketio.emit("member_typing", {"group": slug, "name": name}, to=realtime.group_room(group_id), skip_sid=sid)
