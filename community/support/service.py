"""Support chat use cases: ask for a listener, accept (exactly one wins), talk, end.

A member asking when no listener is on duty is told so at once, with the crisis
resources, and nothing waits silently: a member already in line when the last listener
goes off duty is told so too (sockets.support_status, asked by their page while they wait).

Messages take the one content pipeline (moderation.pipeline): the listener is the reader,
so nothing is held, but crisis messages are flagged to them.
"""

from __future__ import annotations

import sqlalchemy as sa

from community.accounts.models import User, utcnow
from community.errors import Conflict, Forbidden, InvalidInput, KindredError
from community.extensions import db
from community.support import access, broadcasts, notices
from community.support.models import RequestState, SupportChat, SupportMessage, SupportRequest
from community.support.moderation import SUPPORT_MESSAGES
from community.transactions import atomic, update_if
from moderation import crisis, pipeline
from moderation.models import QueueItem, QueueState
from moderation.queue import audit, listeners_on_duty

MAX_MESSAGE_CHARS = 4000


class NoListenerOnDuty(KindredError):
    status = 503
    default_message = ("No listener is on duty right now. If you are in danger or might act on "
                       "thoughts of harming yourself, please contact one of these now.")  # fmt: skip

    def ack(self) -> dict:
        return super().ack() | {"crisis_resources": crisis.resources_payload(crisis.AlertState.NO_LISTENER)}


@atomic
def request_listener(member: User, *, share_name: object = False) -> SupportRequest | SupportChat:
    """Ask for a listener; an open chat or a waiting request is returned rather than doubled."""
    if not isinstance(share_name, bool):
        raise InvalidInput("share_name must be true or false.")
    existing = access.open_chat_of(member) or access.waiting_request_of(member)
    if existing is not None:
        return existing
    if listeners_on_duty() == 0:
        raise NoListenerOnDuty()
    request = SupportRequest(member=member, share_name=share_name)
    db.session.add(request)
    db.session.flush()
    broadcasts.support_requested(request)
    return request


@atomic
def cancel_request(member: User, request: SupportRequest) -> None:
    if request.member_id != member.id:
        raise access.missing_request()  # another member's request looks like none: its number says nothing
    _take(request, RequestState.CANCELLED)
    broadcasts.request_taken(request)


def _take(request: SupportRequest, to: RequestState, **values) -> None:
    """Move a waiting request on with one guarded UPDATE: of two listeners at once, one wins."""
    if not update_if(request, SupportRequest.state == RequestState.WAITING, state=to, **values):
        raise Conflict("Another listener has already taken this request, or it was withdrawn.")


@atomic
def accept_request(listener: User, request: SupportRequest) -> SupportChat:
    if request.member_id == listener.id:
        raise Forbidden("You can't accept your own request.")
    _take(request, RequestState.ACCEPTED, accepted_by_id=listener.id)
    chat = SupportChat(request_id=request.id, member_id=request.member_id, listener_id=listener.id,
                       share_name=request.share_name)  # fmt: skip
    db.session.add(chat)
    db.session.flush()
    audit(listener, "support_accept", subject=request.member, note=f"support chat {chat.id}")
    broadcasts.request_taken(request)
    broadcasts.support_started(chat)
    notices.listener_reached_out(chat)
    return chat


@atomic
def open_from_item(listener: User, item: QueueItem) -> SupportChat:
    """A listener who claimed a crisis or check-in item reaches out to its author in a private chat."""
    if not item.is_about_a_person or item.state is not QueueState.ESCALATED or item.claimed_by_id != listener.id:
        raise Forbidden("Claim this crisis item first; then you can open a support chat.")
    already = db.session.scalar(sa.select(SupportChat).where(SupportChat.item_id == item.id,
                                                             SupportChat.ended_at.is_(None)))  # fmt: skip
    if already is not None:
        return already  # a second click, or a second tab: the same conversation
    chat = SupportChat(item_id=item.id, member_id=item.author_id, listener_id=listener.id,
                       from_anonymous=item.is_anonymous)  # fmt: skip
    db.session.add(chat)
    db.session.flush()
    audit(listener, "support_open", item=item, subject=item.author, note=f"support chat {chat.id}")
    broadcasts.support_started(chat)
    notices.listener_reached_out(chat)
    return chat


@atomic
def send_support_message(author: User, chat: SupportChat, body: object) -> SupportMessage:
    if author.id not in (chat.member_id, chat.listener_id):
        raise Forbidden("Only the two people in this chat can write in it.")
    if not chat.is_open:
        raise Conflict("This support chat has ended.")
    body = body.strip() if isinstance(body, str) else ""
    if not 0 < len(body) <= MAX_MESSAGE_CHARS:
        raise InvalidInput(f"A message needs 1 to {MAX_MESSAGE_CHARS:,} characters.")
    message = SupportMessage(chat=chat, author_id=author.id, body=body)
    pipeline.submit(SUPPORT_MESSAGES, message, author=author, group=None)
    return message


@atomic
def end_chat(user: User, chat: SupportChat) -> None:
    if user.id not in (chat.member_id, chat.listener_id) and not user.is_admin:
        raise Forbidden("Only the two people in this chat can end it.")
    if not update_if(chat, SupportChat.ended_at.is_(None), ended_at=utcnow(), ended_by_id=user.id):
        raise Conflict("This support chat has already ended.")
    broadcasts.support_ended(chat)
    notices.chat_ended(chat)
