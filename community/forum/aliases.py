"""Anonymous aliases: "Anonymous Heron", stable within a thread, different across threads.

The first choice for a member in a thread comes from a keyed hash of the pair, so
it cannot be worked back to the member; it is stored so that it never changes,
and probing skips names already taken in that thread so two people never share one.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools

import sqlalchemy as sa
from flask import current_app

from community.extensions import db
from community.forum.models import ThreadAlias

ANIMALS = (
    "Heron", "Otter", "Wren", "Badger", "Fox", "Hare", "Robin", "Owl", "Finch", "Seal",
    "Lynx", "Crane", "Dove", "Marten", "Plover", "Swift", "Beaver", "Kestrel", "Puffin", "Stoat",
    "Bison", "Ibis", "Koala", "Lark", "Moose", "Newt", "Oriole", "Panda", "Quail", "Raven",
    "Sparrow", "Tern", "Vole", "Walrus", "Yak", "Zebra", "Alpaca", "Bluebird", "Cormorant", "Dolphin",
    "Egret", "Falcon", "Gannet", "Hedgehog", "Jay", "Kingfisher", "Lemur", "Magpie", "Nightjar", "Osprey",
)  # fmt: skip
ADJECTIVES = (
    "Quiet", "Gentle", "Steady", "Bright", "Calm", "Kind", "Brave", "Patient", "Warm", "Hopeful",
    "Curious", "Silver", "Golden", "Misty", "Sunny", "Mossy",
)  # fmt: skip
_NAMES = ANIMALS + tuple(f"{a} {b}" for a, b in itertools.product(ADJECTIVES, ANIMALS))


def _start(thread_id: int, user_id: int) -> int:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"alias:{thread_id}:{user_id}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") % len(ANIMALS)


def alias_for(thread_id: int, user_id: int) -> str:
    """The member's alias in this thread, assigned on first use (inside the caller's transaction)."""
    existing = db.session.get(ThreadAlias, (thread_id, user_id))
    if existing is not None:
        return existing.alias
    taken = set(db.session.scalars(sa.select(ThreadAlias.alias).where(ThreadAlias.thread_id == thread_id)))
    start = _start(thread_id, user_id)
    # Animals first (from the hashed start), then adjective-animal pairs: 850 names per thread.
    order = itertools.chain(
        (ANIMALS[(start + i) % len(ANIMALS)] for i in range(len(ANIMALS))), _NAMES[len(ANIMALS) :]
    )
    name = next((n for n in order if n not in taken), None)
    if name is None:
        name = f"Member {len(taken) + 1}"
    db.session.add(ThreadAlias(thread_id=thread_id, user_id=user_id, alias=name))
    db.session.flush()
    return name


def aliases_in(thread_id: int) -> dict[int, str]:
    """Every alias in a thread, by member id: one query for a whole thread page."""
    return aliases_by_thread([thread_id]).get(thread_id, {})


def aliases_by_thread(thread_ids: list[int]) -> dict[int, dict[int, str]]:
    """Aliases of many threads in one query (a group page), by thread and then member id."""
    found: dict[int, dict[int, str]] = {}
    if not thread_ids:
        return found
    rows = db.session.execute(
        sa.select(ThreadAlias.thread_id, ThreadAlias.user_id, ThreadAlias.alias)
        .where(ThreadAlias.thread_id.in_(thread_ids))
    )
    for thread_id, user_id, alias in rows:
        found.setdefault(thread_id, {})[user_id] = alias
    return found
