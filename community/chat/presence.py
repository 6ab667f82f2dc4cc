"""Who is in which chat room, by socket: shared between processes through Redis when
REDIS_URL is set, kept in this process otherwise.

Presence is not in the database on purpose: it changes with every connect and
disconnect, means nothing after a restart, and is read on every broadcast (to skip
the sockets of members who blocked the author). An in-process dict is right for the
single-process default; with several processes, each would see only its own sockets,
so the same operations run against Redis hashes (one per room, sid → member) instead.
A process that dies leaves its entries behind; each hash expires a day after its last
change, and a room's names are de-duplicated, so a stale tab only lingers as a name.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass

from community import shared_state


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


class RedisPresence:
    TTL_SECONDS = 24 * 3600

    def __init__(self, url: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url)

    def join(self, room: str, sid: str, here: Here) -> None:
        pipe = self._redis.pipeline()
        pipe.hset(f"kindred:presence:{room}", sid, json.dumps([here.user_id, here.name]))
        pipe.expire(f"kindred:presence:{room}", self.TTL_SECONDS)
        pipe.sadd(f"kindred:presence-sid:{sid}", room)
        pipe.expire(f"kindred:presence-sid:{sid}", self.TTL_SECONDS)
        pipe.execute()

    def leave(self, room: str, sid: str) -> bool:
        self._redis.srem(f"kindred:presence-sid:{sid}", room)
        return bool(self._redis.hdel(f"kindred:presence:{room}", sid))

    def rooms_of(self, sid: str) -> list[str]:
        return [room.decode() for room in self._redis.smembers(f"kindred:presence-sid:{sid}")]

    def in_room(self, room: str) -> dict[str, Here]:
        entries = self._redis.hgetall(f"kindred:presence:{room}")
        return {sid.decode(): Here(*json.loads(value)) for sid, value in entries.items()}


def store() -> MemoryPresence | RedisPresence:
    """This app's presence store, made on first use."""
    return shared_state.per_app("kindred_presence", redis=RedisPresence, memory=MemoryPresence)


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
