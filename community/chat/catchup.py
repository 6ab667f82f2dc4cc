"""Group chat after a message-queue outage, and presence kept true across processes.

While Redis was away, each process delivered chat only to its own sockets. When it
returns, each process tells its own sockets in every room where to catch up from:
``catch_up {group, after}``, the id of the room's last message from before the outage
(a margin early). The page joins again with ``after`` (the smaller of that and its own
last id) and shows what it lacks; it already skips what it has. Presence is written
back from this process's sockets, and each room hears who is here.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from community import messagequeue, realtime
from community.accounts.models import utcnow
from community.chat import broadcasts, presence
from community.chat.models import ChatMessage
from community.extensions import db, socketio
from community.groups.models import Group

MARGIN = messagequeue.CATCH_UP_MARGIN


def _group_ids(rooms: list[str]) -> list[int]:
    return [int(room.split(":", 1)[1]) for room in rooms if room.startswith("group:")]


def _catch_up_points(rooms: list[str], before: datetime) -> list[tuple[Group, int]]:
    """Each group room's group, with the id of its last message from before ``before`` (a margin
    early), in one query: where its pages catch up from."""
    last = (
        sa.select(sa.func.max(ChatMessage.id))
        .where(ChatMessage.group_id == Group.id, ChatMessage.created_at < before - MARGIN)
        .scalar_subquery()
    )
    rows = db.session.execute(sa.select(Group, last).where(Group.id.in_(_group_ids(rooms))))
    return [(group, after or 0) for group, after in rows]


def tell_rooms_to_catch_up(down_since: datetime) -> None:
    for group, after in _catch_up_points(messagequeue.local_rooms("group:"), down_since):
        messagequeue.emit_here("catch_up", {"group": group.slug, "after": after}, realtime.group_room(group.id))


def rebuild_presence(down_since: datetime) -> None:
    rooms = presence.store().rebuild()
    for group in db.session.scalars(sa.select(Group).where(Group.id.in_(_group_ids(rooms)))):
        broadcasts.presence_changed(group.id, group.slug)


def keep_presence() -> None:
    """On each heartbeat: renew this process's presence lease, drop crashed processes' entries.

    A crashed process may have stored a message in its last moments and died before sending it
    out. So every room it had sockets in is told, on every process (through the message queue),
    to catch up from before its lease began to run out; pages skip what they already have.
    """
    store = presence.store()
    store.renew()
    rooms = store.sweep()
    if rooms:
        for group, after in _catch_up_points(rooms, utcnow() - timedelta(seconds=store.lease_seconds)):
            socketio.emit("catch_up", {"group": group.slug, "after": after}, to=realtime.group_room(group.id))
