"""The one funnel for reading group chat: who may be in a room, and which messages they see.

A room is for the group's members (and listeners, who keep it safe). Published
messages are seen by everyone in the room; held and declined ones by their author
only (listeners read those in the queue); messages by members the viewer blocked
(by account when named, by alias in this room when anonymous), by nobody but their author.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from community.accounts.models import User
from community.blocks import access as blocks
from community.chat.models import ChatMessage
from community.errors import Forbidden, NotFound
from community.extensions import db
from community.groups import access as group_access
from community.groups.models import Group
from community.identity import parse_id
from moderation.status import ContentStatus

HISTORY_PAGE = 50
CATCH_UP_LIMIT = 200


def get_chat_group(user: User, slug: object) -> Group:
    """A group whose room this member may join: joining is reading, as on the group page."""
    group = group_access.get_readable_group(user, slug)
    if not (user.is_listener or group_access.is_member(user, group)):
        raise Forbidden(f"Join {group.name} to take part in its live chat.")
    return group


def get_sending_group(user: User, slug: object) -> Group:
    """A group whose room this member may read; the use case checks they may write there
    (membership, mutes and slow mode in one statement)."""
    return group_access.get_readable_group(user, slug)


def _visible(viewer: User):
    own = sa.and_(ChatMessage.author_id == viewer.id,
                  ChatMessage.status.in_([ContentStatus.HELD, ContentStatus.REJECTED]))  # fmt: skip
    not_blocked = blocks.not_blocked(
        ChatMessage.author_id, viewer, anonymous=ChatMessage.is_anonymous,
        place=blocks.CHAT, place_id=ChatMessage.group_id, alias=ChatMessage.alias,
    )  # fmt: skip
    return sa.and_(sa.or_(ChatMessage.status == ContentStatus.PUBLISHED, own), not_blocked)


def _id(value: object, what: str) -> int | None:
    if value is None:
        return None
    if (found := parse_id(value)) is None:
        raise NotFound(f"We couldn't find that {what}.")
    return found


def history(viewer: User, group: Group, *, before: object = None) -> tuple[list[ChatMessage], bool]:
    """The latest page of messages, or the page before ``before`` (keyset by id): oldest first."""
    before = _id(before, "message")
    query = (
        sa.select(ChatMessage)
        .options(joinedload(ChatMessage.author))
        .where(ChatMessage.group_id == group.id, _visible(viewer))
    )
    if before is not None:
        query = query.where(ChatMessage.id < before)
    rows = list(db.session.scalars(query.order_by(ChatMessage.id.desc()).limit(HISTORY_PAGE + 1)))
    return rows[:HISTORY_PAGE][::-1], len(rows) > HISTORY_PAGE


def since(viewer: User, group: Group, after: object) -> tuple[list[ChatMessage], bool]:
    """What a reconnecting client missed: messages after ``after``, oldest first."""
    after = _id(after, "message")
    rows = list(db.session.scalars(
        sa.select(ChatMessage).options(joinedload(ChatMessage.author))
        .where(ChatMessage.group_id == group.id, ChatMessage.id > after, _visible(viewer))
        .order_by(ChatMessage.id).limit(CATCH_UP_LIMIT + 1)
    ))  # fmt: skip
    return rows[:CATCH_UP_LIMIT], len(rows) > CATCH_UP_LIMIT


def get_message(viewer: User, message_id: object) -> ChatMessage:
    """A message this viewer may see (a listener: any in a room they may read)."""
    message_id = _id(message_id, "message")
    message = db.session.get(ChatMessage, message_id) if message_id is not None else None
    if message is None or not group_access.can_read(viewer, message.group):
        raise NotFound("We couldn't find that message.")
    if (
        not viewer.is_listener
        and message.author_id != viewer.id
        and (message.status is not ContentStatus.PUBLISHED or is_blocked_by(viewer, message))
    ):
        raise NotFound("We couldn't find that message.")
    return message


def is_blocked_by(viewer: User, message: ChatMessage) -> bool:
    """Whether the viewer blocked this message's author as shown: by alias here, or by account."""
    if message.is_anonymous:
        return blocks.has_blocked_alias(viewer, blocks.CHAT, message.group_id, message.alias or "")
    return blocks.has_blocked(viewer, message.author_id)
