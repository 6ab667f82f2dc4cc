"""Anonymous aliases in group chat: stable per (room, member) until the member switches
identity there (chat/identity.py), different across rooms.

Names come from community.aliases under their own hash scope, so a member's chat alias
says nothing about their forum aliases.
"""

from __future__ import annotations

import sqlalchemy as sa

from community import aliases
from community.chat.models import ChatAlias, ChatIdentity, ChatMessage
from community.extensions import db


def alias_for(group_id: int, user_id: int) -> str:
    """The member's alias in this room, assigned on first use (inside the caller's transaction)."""
    existing = db.session.get(ChatAlias, (group_id, user_id))
    if existing is not None:
        return existing.alias
    name = aliases.pick("chat-alias", group_id, user_id, _taken(group_id))
    db.session.add(ChatAlias(group_id=group_id, user_id=user_id, alias=name))
    db.session.flush()
    return name


def _taken(group_id: int) -> set[str]:
    """Names in use in this room, or used before: current aliases, those on messages, retired ones.
    A name is never reused, so one alias in a room always means one person."""
    current = sa.select(ChatAlias.alias).where(ChatAlias.group_id == group_id)
    on_messages = sa.select(ChatMessage.alias).where(ChatMessage.group_id == group_id, ChatMessage.alias.is_not(None))
    retired = sa.select(ChatIdentity.retired_alias).where(
        ChatIdentity.group_id == group_id, ChatIdentity.retired_alias.is_not(None))  # fmt: skip
    return set(db.session.scalars(sa.union(current, on_messages, retired)))


def retire(group_id: int, user_id: int) -> str | None:
    """Give up the member's alias here (they switched identity); the one given up, if any."""
    existing = db.session.get(ChatAlias, (group_id, user_id))
    if existing is None:
        return None
    db.session.delete(existing)
    db.session.flush()
    return existing.alias


def aliases_in(group_id: int, user_ids: set[int]) -> dict[int, str]:
    """Aliases of these members in one room, in one query."""
    if not user_ids:
        return {}
    rows = db.session.execute(
        sa.select(ChatAlias.user_id, ChatAlias.alias)
        .where(ChatAlias.group_id == group_id, ChatAlias.user_id.in_(user_ids))
    )  # fmt: skip
    return dict(rows.all())
