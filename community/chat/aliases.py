"""Anonymous aliases in group chat: stable per (room, member), different across rooms.

Names come from community.aliases under their own hash scope, so a member's chat alias
says nothing about their forum aliases.
"""

from __future__ import annotations

import sqlalchemy as sa

from community import aliases
from community.chat.models import ChatAlias
from community.extensions import db


def alias_for(group_id: int, user_id: int) -> str:
    """The member's alias in this room, assigned on first use (inside the caller's transaction)."""
    existing = db.session.get(ChatAlias, (group_id, user_id))
    if existing is not None:
        return existing.alias
    taken = set(db.session.scalars(sa.select(ChatAlias.alias).where(ChatAlias.group_id == group_id)))
    name = aliases.pick("chat-alias", group_id, user_id, taken)
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
