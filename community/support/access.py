"""The one funnel for support chats: only the member, the listener (and admins) read one."""

from __future__ import annotations

from typing import NamedTuple

import sqlalchemy as sa

from community.accounts.models import User
from community.errors import NotFound
from community.extensions import db
from community.identity import parse_id
from community.support.models import RequestState, SupportChat, SupportMessage, SupportRequest
from moderation.queue import listeners_on_duty


def may_read(user: User, chat: SupportChat) -> bool:
    return user.is_admin or user.id in (chat.member_id, chat.listener_id)


def get_readable_chat(user: User, chat_id: object) -> SupportChat:
    """A stranger's chat looks exactly like a missing one."""
    chat_id = parse_id(chat_id)
    chat = db.session.get(SupportChat, chat_id) if chat_id else None
    if chat is None or not may_read(user, chat):
        raise NotFound("We couldn't find that support chat.")
    return chat


class Standing(NamedTuple):
    """Where a member's ask for a listener stands: their open chat, or else their request in
    line, and how many listeners are on duty. The talk page and ``support_status`` both say it."""

    open_chat: SupportChat | None
    waiting: SupportRequest | None
    listeners_on_duty: int


def standing_of(member: User) -> Standing:
    chat = open_chat_of(member)
    return Standing(chat, None if chat else waiting_request_of(member), listeners_on_duty())


def missing_request() -> NotFound:
    return NotFound("We couldn't find that request.")


def get_request(request_id: object) -> SupportRequest:
    request_id = parse_id(request_id)
    found = db.session.get(SupportRequest, request_id) if request_id else None
    if found is None:
        raise missing_request()
    return found


def messages(chat: SupportChat, *, after: object = None) -> list[SupportMessage]:
    query = sa.select(SupportMessage).where(SupportMessage.chat_id == chat.id)
    if (after := parse_id(after)) is not None:
        query = query.where(SupportMessage.id > after)
    return list(db.session.scalars(query.order_by(SupportMessage.id)))


def open_chat_of(member: User) -> SupportChat | None:
    return db.session.scalar(
        sa.select(SupportChat)
        .where(SupportChat.member_id == member.id, SupportChat.ended_at.is_(None))
        .order_by(SupportChat.id.desc())
    )


def waiting_request_of(member: User) -> SupportRequest | None:
    return db.session.scalar(
        sa.select(SupportRequest).where(
            SupportRequest.member_id == member.id, SupportRequest.state == RequestState.WAITING
        )
    )


def waiting_requests() -> list[SupportRequest]:
    """What on-duty listeners can accept, oldest first."""
    return list(
        db.session.scalars(
            sa.select(SupportRequest).where(SupportRequest.state == RequestState.WAITING).order_by(SupportRequest.id)
        )
    )


def chats_of_listener(listener: User) -> list[SupportChat]:
    return list(
        db.session.scalars(
            sa.select(SupportChat)
            .where(SupportChat.listener_id == listener.id, SupportChat.ended_at.is_(None))
            .order_by(SupportChat.id)
        )
    )
