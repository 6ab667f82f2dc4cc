"""Events support chats send (after commit, via community.realtime).

The member appears to the listener by their pseudonymous handle unless they chose
to share their display name; the listener appears by display name with a badge. A chat
opened from an anonymous item shows the anonymous handle that item showed, so the
listener cannot pair the anonymous content with the member's named handle.
"""

from __future__ import annotations

from community import realtime
from community.accounts.models import User
from community.extensions import db
from community.identity import moderation_handle
from community.support.models import SupportChat, SupportMessage, SupportRequest


def member_name(member: User, share_name: bool, *, anonymous: bool = False) -> str:
    if anonymous:
        return moderation_handle(member, anonymous=True)
    return member.display_name if share_name else moderation_handle(member, anonymous=False)


def name_in(chat: SupportChat, user_id: int | None) -> str:
    if user_id == chat.member_id:
        return member_name(chat.member, chat.share_name, anonymous=chat.from_anonymous)
    if user_id == chat.listener_id and chat.listener is not None:
        return f"{chat.listener.display_name} (Listener)"
    return "Kindred"


def request_payload(request: SupportRequest) -> dict:
    return {"id": request.id, "member": member_name(request.member, request.share_name),
            "created_at": request.created_at.isoformat() + "Z"}  # fmt: skip


def chat_payload(chat: SupportChat) -> dict:
    return {"id": chat.id, "url": f"/support/chats/{chat.id}", "member": name_in(chat, chat.member_id),
            "listener": name_in(chat, chat.listener_id), "open": chat.is_open}  # fmt: skip


def message_payload(chat: SupportChat, message: SupportMessage, viewer: User | None = None) -> dict:
    return {"id": message.id, "chat": chat.id, "author": name_in(chat, message.author_id),
            "text": message.body, "crisis": ",crisis," in message.labels,
            "is_you": bool(viewer is not None and viewer.id == message.author_id),
            "created_at": message.created_at.isoformat() + "Z"}  # fmt: skip


def support_requested(request: SupportRequest) -> None:
    realtime.publish(db.session, "support_requested", request_payload(request), room=realtime.LISTENERS_ROOM)


def request_taken(request: SupportRequest) -> None:
    """Other listeners drop the request from their list; no one learns who took it."""
    realtime.publish(db.session, "support_request_closed", {"id": request.id}, room=realtime.LISTENERS_ROOM)


def support_started(chat: SupportChat) -> None:
    for user_id in (chat.member_id, chat.listener_id):
        realtime.publish(db.session, "support_started", chat_payload(chat), room=realtime.user_room(user_id))


def support_message_added(chat: SupportChat, message: SupportMessage) -> None:
    realtime.publish(
        db.session, "support_message_added", message_payload(chat, message), room=realtime.support_room(chat.id)
    )


def support_ended(chat: SupportChat) -> None:
    payload = {"id": chat.id, "ended_by": name_in(chat, chat.ended_by_id)}
    realtime.publish(db.session, "support_ended", payload, room=realtime.support_room(chat.id))
    for user_id in (chat.member_id, chat.listener_id):
        realtime.publish(db.session, "support_ended", payload, room=realtime.user_room(user_id))
