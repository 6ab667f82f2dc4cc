"""Reading blocks: the members a viewer has blocked, as a SQL subquery or a set."""

from __future__ import annotations

import sqlalchemy as sa

from community.accounts.models import User
from community.blocks.models import Block
from community.extensions import db


def _viewer_id(viewer: User | None) -> int | None:
    return viewer.id if viewer is not None and viewer.is_authenticated else None


def blocked_by(viewer: User | None):
    """A subquery of the ids this viewer blocked: ``Post.author_id.not_in(blocked_by(viewer))``
    filters in the same query, so a page's query count does not change."""
    return sa.select(Block.blocked_id).where(Block.blocker_id == (_viewer_id(viewer) or -1))


def not_blocked(author_column, viewer: User | None):
    """SQL condition: content by authors this viewer has not blocked (always true for visitors)."""
    if _viewer_id(viewer) is None:
        return sa.true()
    return author_column.not_in(blocked_by(viewer))


def blockers_of(author_id: int) -> set[int]:
    """Who blocked this member: their live events skip those members' sockets."""
    return set(db.session.scalars(sa.select(Block.blocker_id).where(Block.blocked_id == author_id)))


def has_blocked(viewer: User, other_id: int) -> bool:
    return db.session.get(Block, (viewer.id, other_id)) is not None
