"""Who is in which chat room, by socket: shared between processes through Redis when
REDIS_URL is set, kept in this process otherwise.

Presence is not in the database on purpose: it changes with every connect and
disconnect, means nothing after a restart, and is read on every broadcast (to skip
the sockets of members who blocked the author). An in-process dict is right for the
single-process default; with several processes, each would see only its own sockets,
so the same operations run against Redis hashes (one per room, sid → member) instead.
A process that dies leaves its entries behind; they are leased per process and stop
counting when its lease runs out (RedisPresence). While Redis is away, each process
shows its own sockets, and writes them back when Redis returns.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from dataclasses import dataclass

from flask import current_app

from community.extensions import socketio

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Here:
    user_id: int
    name: str  # what the room sees: a display name, or "Anonymous <alias>"


class MemoryPresence:
    def __init__(self) -> None:
        self._rooms: dict[str, dict[str, Here]] = {}
        self._lock = threading.Lock()

    def join(self, room: str, sid: str, here: Here) -> None:
        with self._lock:
            self._rooms.setdefault(room, {})[sid] = here

    def leave(self, room: str, sid: str) -> bool:
        with self._lock:
            return self._rooms.get(room, {}).pop(sid, None) is not None

    def rooms_of(self, sid: str) -> list[str]:
        with self._lock:
            return [room for room, sids in self._rooms.items() if sid in sids]

    def in_room(self, room: str) -> dict[str, Here]:
        with self._lock:
            return dict(self._rooms.get(room, {}))

    def rooms(self) -> list[str]:
        with self._lock:
            return [room for room, sids in self._rooms.items() if sids]

    # One process holds every socket: nothing to lease, sweep or rebuild.
    def renew(self) -> None:
        pass

    def sweep(self) -> list[str]:
        return []

    def rebuild(self) -> list[str]:
        return self.rooms()


class RedisPresence:
    """Presence shared by every process: one Redis hash per room, sid → [user id, name, process].

    Each entry names the process holding the socket, and each process holds a lease in
    Redis (``kindred:process:<id>``, renewed by ``renew`` on every heartbeat). Entries of a
    process whose lease ran out are a crashed process's ghosts: never read, and removed
    by ``sweep``. The process also keeps its own sockets in memory (``mine``): reads fall
    back to them while Redis is away, and ``rebuild`` writes them back when it returns.
    """

    TTL_SECONDS = 24 * 3600  # a backstop: leases, not this, end a dead process's entries

    def __init__(self, url: str, process_id: str, lease_seconds: int) -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        self._errors = redis.RedisError
        self.process_id, self.lease_seconds = process_id, lease_seconds
        self.mine = MemoryPresence()
        self._warned = False

    def _try(self, action, fallback=None):
        try:
            result = action()
            self._warned = False
            return result
        except self._errors:
            if not self._warned:
                log.warning("Presence: Redis unreachable, showing this process's sockets only")
                self._warned = True
            return fallback

    def _write(self, pipe, room: str, sid: str, here: Here) -> None:
        pipe.hset(f"kindred:presence:{room}", sid, json.dumps([here.user_id, here.name, self.process_id]))
        pipe.expire(f"kindred:presence:{room}", self.TTL_SECONDS)
        pipe.set(f"kindred:process:{self.process_id}", "1", ex=self.lease_seconds)

    def join(self, room: str, sid: str, here: Here) -> None:
        self.mine.join(room, sid, here)
        pipe = self._redis.pipeline()
        self._write(pipe, room, sid, here)
        self._try(pipe.execute)

    def leave(self, room: str, sid: str) -> bool:
        self._try(lambda: self._redis.hdel(f"kindred:presence:{room}", sid))
        return self.mine.leave(room, sid)

    def rooms_of(self, sid: str) -> list[str]:
        return self.mine.rooms_of(sid)  # a socket is always this process's own

    def in_room(self, room: str) -> dict[str, Here]:
        entries = self._try(lambda: self._redis.hgetall(f"kindred:presence:{room}"))
        if entries is None:
            return self.mine.in_room(room)
        decoded = {sid.decode(): json.loads(value) for sid, value in entries.items()}
        live = self._live_processes({entry[2] for entry in decoded.values() if len(entry) > 2})
        return {sid: Here(entry[0], entry[1]) for sid, entry in decoded.items() if len(entry) > 2 and entry[2] in live}

    def _live_processes(self, ids: set[str]) -> set[str]:
        others = sorted(ids - {self.process_id})
        leases = self._try(lambda: self._redis.mget([f"kindred:process:{i}" for i in others]), []) if others else []
        return {self.process_id} | {i for i, lease in zip(others, leases, strict=False) if lease is not None}

    def renew(self) -> None:
        """This process is alive: its entries count for another lease."""
        self._try(lambda: self._redis.set(f"kindred:process:{self.process_id}", "1", ex=self.lease_seconds))

    def rebuild(self) -> list[str]:
        """Write this process's sockets back (Redis lost them in a restart); the rooms they are in."""
        self.renew()
        pipe = self._redis.pipeline()
        rooms = self.mine.rooms()
        for room in rooms:
            for sid, here in self.mine.in_room(room).items():
                self._write(pipe, room, sid, here)
        self._try(pipe.execute)
        return rooms

    def sweep(self) -> list[str]:
        """Remove the entries of processes whose lease ran out; the rooms they were in."""
        return self._try(self._sweep, [])

    def _sweep(self) -> list[str]:
        rooms = []
        for key in self._redis.scan_iter(match="kindred:presence:*", count=200):
            entries = {sid: json.loads(value) for sid, value in self._redis.hgetall(key).items()}
            live = self._live_processes({entry[2] for entry in entries.values() if len(entry) > 2})
            ghosts = [sid for sid, entry in entries.items() if len(entry) < 3 or entry[2] not in live]
            if ghosts and self._redis.hdel(key, *ghosts):
                rooms.append(key.decode().removeprefix("kindred:presence:"))  # the client returns bytes
        return rooms


def store() -> MemoryPresence | RedisPresence:
    """This app's presence store, made on first use."""
    found = current_app.extensions.get("kindred_presence")
    if found is None:
        url = current_app.config.get("REDIS_URL")
        # The message queue's id for this process, so that logs and presence name it alike.
        process_id = getattr(socketio.server.manager, "host_id", None) or uuid.uuid4().hex
        found = (
            RedisPresence(url, process_id, current_app.config["PRESENCE_LEASE_SECONDS"]) if url else MemoryPresence()
        )
        current_app.extensions["kindred_presence"] = found
    return found


def names(room: str) -> list[str]:
    """The names shown as "here": one per name, however many tabs."""
    return sorted({here.name for here in store().in_room(room).values()}, key=str.casefold)


def sids_of(room: str, user_ids: set[int]) -> list[str]:
    if not user_ids:
        return []
    return [sid for sid, here in store().in_room(room).items() if here.user_id in user_ids]


def name_of(room: str, sid: str) -> str | None:
    here = store().in_room(room).get(sid)
    return here.name if here else None
