"""Thread aliases: stable within a thread, different across threads (names: community.aliases).

An alias is stored on first use so that it never changes, and names already taken in
the thread are skipped so two people never share one.
"""

from __future__ import annotations

import sqlalchemy as sa

from community import aliases
from community.extensions import db
from community.forum.models import ThreadAlias


def alias_for(thread_id: int, user_id: int) -> str:
    """The member's alias in this thread, assigned on first use (inside the caller's transaction)."""
    existing = db.session.get(ThreadAlias, (thread_id, user_id))
    if existing is not None:
        return existing.alias
    taken = set(db.session.scalars(sa.select(ThreadAlias.alias).where(ThreadAlias.thread_id == thread_id)))
    name = aliases.pick("alias", thread_id, user_id, taken)
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
        sa.select(ThreadAlias.thread_id, ThreadAlias.user_id, ThreadAlias.alias).where(
            ThreadAlias.thread_id.in_(thread_ids)
        )
    )
    for thread_id, user_id, alias in rows:
        found.setdefault(thread_id, {})[user_id] = alias
    return found
