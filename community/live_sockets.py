"""Each member's open sockets and the rooms they joined, on every process.

Losing access (leaving a private group, losing a role, being blocked) must take the member's
sockets out of every room they may no longer read, wherever those sockets live. With a
message queue, python-socketio forwards ``leave_room`` for a socket to the process that
holds it, but no process can list another's sockets or their rooms. So joins go through
``join``, which records the room: in Redis when REDIS_URL is set, in this process otherwise
(as chat presence does). ``recheck`` then asks each room's feature whether the member may
still read it. The same record counts a member's sockets, so one account cannot hold
thousands open.

A process that dies leaves its records behind. In Redis each socket's record is a lease
(SOCKET_LEASE_SECONDS, 90 s by default) that its process renews on every heartbeat
(community.heartbeat): a killed process's sockets stop counting against their member's cap,
and their rooms are forgotten, within one lease. In one process's memory the record dies
with the process; a day is the backstop there.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app, request
from flask_socketio import join_room, leave_room
from sqlalchemy.orm import Session

from community import shared_state
from community.errors import KindredError
from community.extensions import db, socketio

TTL_SECONDS = 24 * 3600
_PENDING = "kindred.pending_room_exits"


@dataclass(frozen=True)
class RoomKind:
    """How to tell whether a member may still read one kind of room, and what leaving undoes."""

    may_read: Callable[[object, str], bool]  # (member, the part of the room name after "kind:")
    on_exit: Callable[[str, str], None] | None = None  # (sid, key): forget presence, duty, ...


_KINDS: dict[str, RoomKind] = {}


def register_room_kind(prefix: str, may_read, on_exit=None) -> None:
    """Called by each feature's sockets.register: rooms named ``prefix`` or ``prefix:key``."""
    _KINDS[prefix] = RoomKind(may_read, on_exit)


def readable_through(getter: Callable[[object, int], object]) -> Callable[[object, str], bool]:
    """A ``may_read`` from a feature's access funnel (``get_readable_x(member, id)``)."""

    def may_read(member, key: str) -> bool:
        try:
            getter(member, int(key))
        except (KindredError, ValueError):
            return False
        return True

    return may_read


class MemorySockets:
    def __init__(self) -> None:
        self._owners: dict[str, tuple[int, float]] = {}  # sid → (member id, connected at)
        self._rooms: dict[str, set[str]] = {}
        self._lock = threading.Lock()

    def add(self, user_id: int, sid: str) -> None:
        with self._lock:
            self._owners[sid] = (user_id, time.time())

    def remove(self, sid: str) -> None:
        with self._lock:
            self._owners.pop(sid, None)
            self._rooms.pop(sid, None)

    def sids_of(self, user_id: int) -> list[str]:
        cutoff = time.time() - TTL_SECONDS
        with self._lock:
            return [sid for sid, (owner, at) in self._owners.items() if owner == user_id and at > cutoff]

    def enter(self, sid: str, room: str) -> None:
        with self._lock:
            self._rooms.setdefault(sid, set()).add(room)

    def exit(self, sid: str, room: str) -> None:
        with self._lock:
            self._rooms.get(sid, set()).discard(room)

    def rooms_of(self, sid: str) -> set[str]:
        with self._lock:
            return set(self._rooms.get(sid, ()))


class _RedisRecord:
    """One sorted set per member (sid → the time its lease ends) and one set of rooms per socket.

    Every key and score ends with the lease; ``renew`` moves the ends on for the sockets this
    process holds. A socket whose lease ended is a dead process's: not counted, its rooms gone.
    """

    def __init__(self, url: str, lease_seconds: float) -> None:
        import redis

        # Short timeouts: a member's connect must not wait on a Redis that is away.
        self._redis = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        self.lease_ms = int(lease_seconds * 1000)

    def add(self, user_id: int, sid: str) -> None:
        pipe = self._redis.pipeline()
        self._lease(pipe, user_id, sid)
        pipe.execute()

    def _lease(self, pipe, user_id: int, sid: str) -> None:
        pipe.zadd(f"kindred:sockets:{user_id}", {sid: time.time() + self.lease_ms / 1000})
        pipe.pexpire(f"kindred:sockets:{user_id}", self.lease_ms)
        pipe.set(f"kindred:socket-owner:{sid}", user_id, px=self.lease_ms)
        pipe.pexpire(f"kindred:socket-rooms:{sid}", self.lease_ms)

    def renew(self, sockets: dict[str, int]) -> None:
        """The sockets this process holds (sid → member) are alive: each lease starts again. One
        lost in a Redis restart is written back (its rooms come back as the member rejoins them)."""
        pipe = self._redis.pipeline()
        for sid, user_id in sockets.items():
            self._lease(pipe, user_id, sid)
        pipe.execute()

    def remove(self, sid: str) -> None:
        owner = self._redis.get(f"kindred:socket-owner:{sid}")
        pipe = self._redis.pipeline()
        if owner is not None:
            pipe.zrem(f"kindred:sockets:{owner.decode()}", sid)
        pipe.delete(f"kindred:socket-owner:{sid}", f"kindred:socket-rooms:{sid}")
        pipe.execute()

    def sids_of(self, user_id: int) -> list[str]:
        key = f"kindred:sockets:{user_id}"
        self._redis.zremrangebyscore(key, "-inf", time.time())  # leases nobody renewed
        return [sid.decode() for sid in self._redis.zrange(key, 0, -1)]

    def enter(self, sid: str, room: str) -> None:
        pipe = self._redis.pipeline()
        pipe.sadd(f"kindred:socket-rooms:{sid}", room)
        pipe.pexpire(f"kindred:socket-rooms:{sid}", self.lease_ms)
        pipe.execute()

    def exit(self, sid: str, room: str) -> None:
        self._redis.srem(f"kindred:socket-rooms:{sid}", room)

    def rooms_of(self, sid: str) -> set[str]:
        return {room.decode() for room in self._redis.smembers(f"kindred:socket-rooms:{sid}")}


class RedisSockets:
    """The record in Redis, shared by every process; while Redis is away, this process's own.

    Sockets keep working when Redis is away (DESIGN.md: degrade, don't fail): each call that
    cannot reach Redis is answered from an in-process record instead, with a warning, as chat
    presence is. What was recorded locally in an outage is known to this process only.
    """

    def __init__(self, url: str, lease_seconds: float | None = None) -> None:
        import redis

        self._shared = _RedisRecord(url, lease_seconds or current_app.config["SOCKET_LEASE_SECONDS"])
        self._local = MemorySockets()
        self._unreachable = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
        self._mine: dict[str, int] = {}  # the sockets this process holds, whose leases it renews
        self._lock = threading.Lock()

    def _call(self, name: str, *args):
        try:
            return getattr(self._shared, name)(*args)
        except self._unreachable:
            current_app.logger.warning("Socket record: Redis unreachable, using this process's own")
            return getattr(self._local, name)(*args)

    def __getattr__(self, name: str):
        return functools.partial(self._call, name)

    def add(self, user_id: int, sid: str) -> None:
        with self._lock:
            self._mine[sid] = user_id
        self._call("add", user_id, sid)

    def remove(self, sid: str) -> None:
        with self._lock:
            self._mine.pop(sid, None)
        self._call("remove", sid)

    def renew(self) -> None:
        """Called on every heartbeat: this process's sockets stay counted for another lease."""
        with self._lock:
            mine = dict(self._mine)
        self._shared.renew(mine)  # raises while Redis is away: the heartbeat retries next beat


def renew() -> None:
    """The heartbeat's task: renew the leases of this process's sockets (nothing to do in memory)."""
    registry = store()
    if isinstance(registry, RedisSockets):
        registry.renew()


def store() -> MemorySockets | RedisSockets:
    """This app's socket registry, made on first use."""
    return shared_state.per_app("kindred_live_sockets", redis=RedisSockets, memory=MemorySockets)


def connect(user_id: int) -> bool:
    """Record this socket as the member's; False (and nothing recorded) when they have too many."""
    registry = store()
    if len(registry.sids_of(user_id)) >= current_app.config["SOCKETS_PER_MEMBER"]:
        return False
    registry.add(user_id, request.sid)
    return True


def disconnect() -> None:
    store().remove(request.sid)


def join(room: str) -> None:
    """Join ``room`` with this socket, recorded so that losing access can take it out again."""
    join_room(room)
    store().enter(request.sid, room)


def leave(room: str) -> None:
    leave_room(room)
    store().exit(request.sid, room)


def recheck(member) -> None:
    """Take ``member``'s sockets out of every room they may no longer read, on every process.

    Called inside the use case that changed their access, after its change is flushed: the
    checks read the new state, each feature forgets the socket there (presence, attendance,
    duty) in the same transaction, and the sockets leave the rooms once it commits.
    """
    db.session.flush()
    registry = store()
    for sid in registry.sids_of(member.id):
        for room in registry.rooms_of(sid):
            prefix, _, key = room.partition(":")
            kind = _KINDS.get(prefix)
            if kind is None or kind.may_read(member, key):
                continue
            if kind.on_exit is not None:
                kind.on_exit(sid, key)
            db.session.info.setdefault(_PENDING, []).append((sid, room))


@sa.event.listens_for(Session, "after_commit")
def _leave_pending(session: Session) -> None:
    for sid, room in session.info.pop(_PENDING, []):
        store().exit(sid, room)
        # Forwarded through the message queue when the socket lives on another process.
        socketio.server.leave_room(sid, room, namespace="/")


@sa.event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)
