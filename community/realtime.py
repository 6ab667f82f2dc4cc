"""Announcing changes over Socket.IO, only once they are committed.

Use cases call ``publish``; the events wait on the database session and are
sent by the after-commit hook, so no client ever hears of a write that was
rolled back. With REDIS_URL set, ``socketio.emit`` goes through the Redis
message queue and reaches clients on every server process.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from community.extensions import socketio

_PENDING = "kindred.pending_events"

LISTENERS_ROOM = "listeners"


def group_room(group_id: int) -> str:
    return f"group:{group_id}"


def thread_room(thread_id: int) -> str:
    return f"thread:{thread_id}"


def user_room(user_id: int) -> str:
    """Every signed-in socket joins its own room, for events meant for one person."""
    return f"user:{user_id}"


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
