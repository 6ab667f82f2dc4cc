"""Group chat use cases: enter and leave a room, send, type; listeners remove, mute, slow down.

Sending is one transaction: validate (membership, mute, rate limit, slow mode, length)
here, then the one content pipeline (moderation.pipeline) screens, decides, stores, and
broadcasts or holds after commit.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from limits import parse

from community import ratelimit, realtime
from community.accounts.models import User, utcnow
from community.chat import broadcasts, presence
from community.chat.models import ChatMessage, ChatMute, ChatRoom
from community.chat.moderation import CHAT_MESSAGES
from community.errors import Forbidden, InvalidInput, RateLimited
from community.extensions import db
from community.groups.models import Group, Membership
from community.identity import alias_for, parse_flag
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


def _room_name(user: User, group: Group, anonymous: bool) -> str:
    return f"Anonymous {alias_for('chat', group.id, user.id)}" if anonymous else user.display_name


@atomic
def enter_room(user: User, group: Group, sid: str, *, anonymous: object = False) -> None:
    """Show the member as here (by alias if anonymous) and tell the room."""
    name = _room_name(user, group, parse_flag(anonymous, "anonymous"))
    presence.store().join(realtime.group_room(group.id), sid, presence.Here(user.id, name))
    broadcasts.presence_changed(group.id, group.slug)


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
    name = presence.name_of(realtime.group_room(group.id), sid)
    if name is None:
        raise InvalidInput("Join the chat first.")
    if not ratelimit.hit(TYPING_LIMIT, "chat-typing", str(group.id), str(user.id)):
        return False
    broadcasts.member_typing(group.id, group.slug, name, sid)
    return True


def _check_may_send(author: User, group: Group) -> None:
    """Membership, mutes and slow mode, read in one statement: a message is sent often."""
    now = utcnow()
    member = sa.exists().where(Membership.user_id == author.id, Membership.group_id == group.id)
    muted = (
        sa.select(sa.func.max(ChatMute.until))
        .where(ChatMute.group_id == group.id, ChatMute.user_id == author.id, ChatMute.until > now)
        .scalar_subquery()
    )
    slow = sa.select(ChatRoom.slow_mode_seconds).where(ChatRoom.group_id == group.id).scalar_subquery()
    is_member, muted_until, slow_seconds = db.session.execute(sa.select(member, muted, slow)).one()
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


@atomic
def send_message(author: User, group: Group, body: object, *, anonymous: object = False) -> tuple[ChatMessage, Review]:
    """Screen a message, then broadcast it to the room or hold it for a listener."""
    body, anonymous = _clean_body(body), parse_flag(anonymous, "anonymous")
    _check_may_send(author, group)
    if anonymous:
        alias_for("chat", group.id, author.id)  # before the message is announced under it
    message = ChatMessage(group=group, author=author, body=body, is_anonymous=anonymous)
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
