"""Anonymous aliases in group chat: stable per (room, member), different across rooms.

The same idea and name list as the forum's per-thread aliases (community.forum.aliases),
keyed by group instead of thread, with a different HMAC scope so that a member's chat
alias says nothing about their forum aliases.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools

import sqlalchemy as sa
from flask import current_app

from community.chat.models import ChatAlias
from community.extensions import db
from community.forum.aliases import ADJECTIVES, ANIMALS

_NAMES = ANIMALS + tuple(f"{a} {b}" for a, b in itertools.product(ADJECTIVES, ANIMALS))


def _start(group_id: int, user_id: int) -> int:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"chat-alias:{group_id}:{user_id}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") % len(ANIMALS)


def alias_for(group_id: int, user_id: int) -> str:
    """The member's alias in this room, assigned on first use (inside the caller's transaction)."""
    existing = db.session.get(ChatAlias, (group_id, user_id))
    if existing is not None:
        return existing.alias
    taken = set(db.session.scalars(sa.select(ChatAlias.alias).where(ChatAlias.group_id == group_id)))
    start = _start(group_id, user_id)
    order = itertools.chain(
        (ANIMALS[(start + i) % len(ANIMALS)] for i in range(len(ANIMALS))), _NAMES[len(ANIMALS) :]
    )
    name = next((n for n in order if n not in taken), f"Member {len(taken) + 1}")
    db.session.add(ChatAlias(group_id=group_id, user_id=user_id, alias=name))
    db.session.flush()
    return name


def aliases_in(group_id: int, user_ids: set[int]) -> dict[int, str]:
    """Aliases of these members in one room, in one query."""
    if not user_ids:
        return {}
    rows = db.session.execute(
        sa.select(ChatAlias.user_id, ChatAlias.alias)
        .where(ChatAlias.group_id == group_id, ChatAlias.user_id.in_(user_ids))
    )  # fmt: skip
    return dict(rows.all())
