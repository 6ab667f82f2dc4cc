"""Socket.IO plumbing every feature shares: rooms, events in, announcements out.

Use cases call ``publish``; the events wait on the database session and are
sent by the after-commit hook, so no client ever hears of a write that was
rolled back. With REDIS_URL set, ``socketio.emit`` goes through the Redis
message queue and reaches clients on every server process. Every handler of a
client's event is wrapped in ``socket_event``, and every room is named here.
"""

from __future__ import annotations

import functools

import sqlalchemy as sa
from flask import current_app
from flask_login import current_user
from sqlalchemy.orm import Session

from community import health
from community.errors import Forbidden, InvalidInput, KindredError, NotSignedIn
from community.extensions import db, socketio
from community.transactions import atomic

_PENDING = "kindred.pending_events"

LISTENERS_ROOM = "listeners"


def group_room(group_id: int) -> str:
    return f"group:{group_id}"


def thread_room(thread_id: int) -> str:
    return f"thread:{thread_id}"


def user_room(user_id: int) -> str:
    """Every signed-in socket joins its own room, for events meant for one person."""
    return f"user:{user_id}"


def qa_room(session_id: int) -> str:
    return f"qa:{session_id}"


def support_room(chat_id: int) -> str:
    """A 1:1 support chat: its member and its listener (and an admin reading it)."""
    return f"support:{chat_id}"


def publish(session: Session, event: str, payload: dict, *, room: str, skip: str | None = None) -> None:
    """Queue ``event`` to be sent to ``room`` after ``session`` commits."""
    session.info.setdefault(_PENDING, []).append((event, payload, room, skip))


@sa.event.listens_for(Session, "after_commit")
def _send_pending(session: Session) -> None:
    for event, payload, room, skip in session.info.pop(_PENDING, []):
        socketio.emit(event, payload, to=room, skip_sid=skip)


@sa.event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


def socket_event(handler=None, *, listener: bool = False):
    """Wrap a Socket.IO handler: signed-in (and listener) check, payload shape, errors as acks.

    ``login_required`` does not work on socket handlers, and an exception there would
    reach no one, so every handler goes through this: it always answers with an ack,
    ``{"ok": false, "error": ...}`` when something is wrong. Handlers take one dict.

    Each event is one transaction (community.transactions.atomic; the use cases it calls
    join it): the ack is built before the commit, so it reads what is already loaded
    instead of reloading every expired row, and broadcasts still go out after the commit.
    With the database away, even loading the signed-in user fails: that too is answered,
    with ``health.UNAVAILABLE_ACK``, and the rollback leaves nothing half-written.
    """

    def wrap(func):
        in_one_transaction = atomic(func)

        def checked(data, extra) -> dict:
            if not current_user.is_authenticated:
                raise NotSignedIn()
            if listener and not current_user.is_listener:
                raise Forbidden("That is for listeners only.")
            if data is None:
                data = {}
            if not isinstance(data, dict) or extra:
                raise InvalidInput("That message was not in the expected form.")
            return in_one_transaction(data)

        @functools.wraps(func)
        def wrapper(data=None, *extra):
            try:
                return checked(data, extra)
            except KindredError as error:
                db.session.rollback()
                return error.ack()
            except Exception as error:
                health.forget_failed_transaction()
                if health.is_database_down(error):
                    current_app.logger.warning("Database unreachable during %s", func.__name__)
                    return dict(health.UNAVAILABLE_ACK)
                current_app.logger.exception("Socket.IO handler %s failed", func.__name__)
                return {"ok": False, "error": "Something went wrong on our side. Please try again."}

        return wrapper

    return wrap(handler) if handler is not None else wrap
