"""Group chat use cases: enter and leave a room, send, type; listeners remove, mute, slow down.

Sending is one transaction: validate (membership, mute, rate limit, slow mode, length)
here, then the one content pipeline (moderation.pipeline) screens, decides, stores, and
broadcasts or holds after commit.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import Flask, current_app
from limits import parse

from community import ratelimit, realtime
from community.accounts.models import User, utcnow
from community.blocks import service as blocks
from community.blocks.access import CHAT
from community.chat import broadcasts, identity, presence
from community.chat.models import ChatMessage, ChatMute, ChatRoom
from community.chat.moderation import CHAT_MESSAGES
from community.errors import Forbidden, InvalidInput, RateLimited
from community.extensions import db, socketio
from community.groups.models import Group, Membership
from community.transactions import atomic
from moderation import pipeline, queue
from moderation.pipeline import Review
from moderation.status import ContentStatus

MAX_MESSAGE_CHARS = 2000
SEND_LIMIT = parse("5 per 5 seconds")
# The page says "typing" at most every 2 s; a client that says it more often would only
# make the server repeat it to everyone in the room, so the extras are not passed on.
TYPING_LIMIT = parse("1 per 2 seconds")
MAX_MUTE_MINUTES = 7 * 24 * 60
MAX_SLOW_MODE_SECONDS = 600


def _clean_body(body: object) -> str:
    body = body.strip() if isinstance(body, str) else ""
    if not 0 < len(body) <= MAX_MESSAGE_CHARS:
        raise InvalidInput(f"A message needs 1 to {MAX_MESSAGE_CHARS:,} characters.")
    return body


@atomic
def enter_room(user: User, group: Group, sid: str, *, anonymous: object = None) -> str:
    """Show the member as here, by name or alias as they chose, and tell the room; their name there.

    Just after a switch of identity the new one appears only after a wait (chat/identity.py).
    """
    name = identity.name_in_room(user, group, identity.resolve(user, group, anonymous))
    room, here = realtime.group_room(group.id), presence.Here(user.id, name)
    wait = identity.appears_in(user, group)
    if wait > 0:
        socketio.start_background_task(_appear_later, current_app._get_current_object(), group, sid, here, wait)
    else:
        presence.store().join(room, sid, here)
        broadcasts.presence_changed(group.id, group.slug)
    return name


def _appear_later(app: Flask, group: Group, sid: str, here: presence.Here, wait: float) -> None:
    socketio.sleep(wait)
    room = realtime.group_room(group.id)
    with app.app_context():
        if room in (socketio.server.manager.get_rooms(sid, "/") or []):  # still in the room
            presence.store().join(room, sid, here)
            broadcasts.presence_changed(group.id, group.slug)


@atomic
def choose_identity(user: User, group: Group, anonymous: object) -> bool:
    """Appear by name or by alias in this room from now on; True when that is a switch.

    A switch takes the member's open tabs out of "here now" at once; they rejoin as the new
    identity, which shows after a wait, so no one update pairs the two.
    """
    if not isinstance(anonymous, bool):
        raise InvalidInput("Choose to use your name or an alias.")
    switched = identity.choose(user, group, anonymous)
    if switched:
        room = realtime.group_room(group.id)
        left = [presence.store().leave(room, sid) for sid in presence.sids_of(room, {user.id})]
        if any(left):
            broadcasts.presence_changed(group.id, group.slug)
        broadcasts.identity_changed(user.id, group.slug)
    return switched


def leave_room(group: Group, sid: str) -> None:
    if presence.store().leave(realtime.group_room(group.id), sid):
        broadcasts.presence_changed(group.id, group.slug)


def leave_all(sid: str) -> None:
    """A socket went away: it leaves every room it was in."""
    rooms = presence.store().rooms_of(sid)
    groups = db.session.scalars(sa.select(Group).where(Group.id.in_(
        [int(room.split(":", 1)[1]) for room in rooms if room.startswith("group:")])))  # fmt: skip
    for group in groups:
        leave_room(group, sid)


def typing(user: User, group: Group, sid: str) -> bool:
    """Tell the room this member is typing; False when they already did a moment ago."""
    room = realtime.group_room(group.id)
    name = presence.name_of(room, sid)
    if name is None:
        if room in (socketio.server.manager.get_rooms(sid, "/") or []):
            return False  # in the room, not shown as here yet (just switched identity): stay quiet
        raise InvalidInput("Join the chat first.")
    if not ratelimit.hit(TYPING_LIMIT, "chat-typing", str(group.id), str(user.id)):
        return False
    broadcasts.member_typing(group.id, group.slug, name, sid)
    return True


def _check_may_send(author: User, group: Group) -> bool | None:
    """Membership, mutes and slow mode, read in one statement (a message is sent often),
    with how the member chose to appear here (None: not chosen yet)."""
    now = utcnow()
    member = sa.exists().where(Membership.user_id == author.id, Membership.group_id == group.id)
    muted = (
        sa.select(sa.func.max(ChatMute.until))
        .where(ChatMute.group_id == group.id, ChatMute.user_id == author.id, ChatMute.until > now)
        .scalar_subquery()
    )
    slow = sa.select(ChatRoom.slow_mode_seconds).where(ChatRoom.group_id == group.id).scalar_subquery()
    chosen = identity.stored_choice(author.id, group.id)
    is_member, muted_until, slow_seconds, anonymous = db.session.execute(sa.select(member, muted, slow, chosen)).one()
    if not is_member:
        raise Forbidden(f"Join {group.name} to take part in its live chat.")
    if muted_until is not None:
        raise Forbidden("A listener has paused your messages in this room for a while.")
    if not ratelimit.hit(SEND_LIMIT, "chat-send", str(author.id)):
        raise RateLimited("You're sending messages quickly. Please wait a few seconds.")
    if (
        slow_seconds
        and not author.is_listener
        and not ratelimit.hit(parse(f"1 per {slow_seconds} seconds"), "chat-slow", str(group.id), str(author.id))
    ):
        raise RateLimited(f"Slow mode is on: one message every {slow_seconds} seconds.")
    return anonymous


@atomic
def send_message(author: User, group: Group, body: object, *, anonymous: object = None) -> tuple[ChatMessage, Review]:
    """Screen a message, then broadcast it to the room or hold it for a listener."""
    body = _clean_body(body)
    anonymous = identity.resolve(author, group, anonymous, stored=_check_may_send(author, group))
    alias = identity.room_alias(group.id, author.id) if anonymous else None
    message = ChatMessage(group=group, author=author, body=body, is_anonymous=anonymous, alias=alias)
    # A live room cannot wait for a new member's first messages to be read: only what is flagged waits.
    review = pipeline.submit(CHAT_MESSAGES, message, author=author, group=group, hold_new_members=False)
    return message, review


@atomic
def remove_message(listener: User, message: ChatMessage, *, note: object = "") -> None:
    """Take a message down: it disappears for everyone, live. Audited."""
    if message.status is ContentStatus.REMOVED:
        return
    message.status = ContentStatus.REMOVED
    queue.audit(listener, "chat_remove", subject=message.author, note=_note(note) or f"message {message.id}")
    broadcasts.message_removed(message)


@atomic
def mute_author(listener: User, message: ChatMessage, minutes: object) -> ChatMute:
    """Silence a message's author in its room for a while. Audited; the author is told."""
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 < minutes <= MAX_MUTE_MINUTES:
        raise InvalidInput(f"Mute for 1 to {MAX_MUTE_MINUTES:,} minutes.")
    mute = ChatMute(group_id=message.group_id, user_id=message.author_id, muted_by_id=listener.id,
                    until=utcnow() + timedelta(minutes=minutes))  # fmt: skip
    db.session.add(mute)
    queue.audit(listener, "chat_mute", subject=message.author,
                note=f"{minutes} min in {message.group.slug} (message {message.id})")  # fmt: skip
    broadcasts.member_muted(message.author_id, message.group.slug, mute.until)
    return mute


@atomic
def set_slow_mode(listener: User, group: Group, seconds: object) -> None:
    if not isinstance(seconds, int) or isinstance(seconds, bool) or not 0 <= seconds <= MAX_SLOW_MODE_SECONDS:
        raise InvalidInput(f"Slow mode takes 0 (off) to {MAX_SLOW_MODE_SECONDS} seconds.")
    room = db.session.get(ChatRoom, group.id) or ChatRoom(group_id=group.id)
    room.slow_mode_seconds = seconds
    db.session.add(room)
    queue.audit(listener, "chat_slow_mode", note=f"{seconds} s in {group.slug}")
    broadcasts.slow_mode_changed(group.id, group.slug, seconds)


def _note(note: object) -> str:
    return note.strip()[:500] if isinstance(note, str) else ""


def block_author(viewer: User, message: ChatMessage) -> str:
    """Block whoever wrote a message as the room saw them; the name blocked, for the page to say."""
    if message.is_anonymous:
        blocks.block_alias(viewer, message.author_id, place=CHAT, place_id=message.group_id, alias=message.alias or "")
        return f"Anonymous {message.alias}"
    blocks.block(viewer, message.author_id)
    return message.author.display_name
