"""Reading blocks as SQL conditions, so that a page's query count does not change.

A block of an account hides that account's named content only. Anonymous content is
hidden only by an alias block, for that alias in that place (blocks/models.AliasBlock):
blocking someone must never change which anonymous posts a member sees elsewhere, or the
change would say whose they are.
"""

from __future__ import annotations

import sqlalchemy as sa

from community.accounts.models import User
from community.blocks.models import AliasBlock, Block
from community.extensions import db

CHAT, THREAD = "chat", "thread"


def _viewer_id(viewer: User | None) -> int | None:
    return viewer.id if viewer is not None and viewer.is_authenticated else None


def blocked_by(viewer: User | None):
    """A subquery of the account ids this viewer blocked."""
    viewer_id = _viewer_id(viewer)  # may be a bound parameter (forum.access.ViewerParam): no truth test
    return sa.select(Block.blocked_id).where(Block.blocker_id == (viewer_id if viewer_id is not None else -1))


def not_blocked(author_column, viewer: User | None, *, anonymous=None, place: str = "", place_id=None, alias=None):
    """SQL condition: content this viewer has not blocked (always true for visitors).

    Named content: by account. Anonymous content (``anonymous`` true): by ``alias`` in
    ``place`` ``place_id``, never by account.
    """
    viewer_id = _viewer_id(viewer)
    if viewer_id is None:
        return sa.true()
    if anonymous is None:
        return author_column.not_in(blocked_by(viewer))
    by_alias = sa.exists().where(AliasBlock.blocker_id == viewer_id, AliasBlock.place == place,
                                 AliasBlock.place_id == place_id, AliasBlock.alias == alias)  # fmt: skip
    return sa.or_(sa.and_(anonymous, ~by_alias), sa.and_(~anonymous, author_column.not_in(blocked_by(viewer))))


def blockers_of(author_id: int) -> set[int]:
    """Who blocked this member's account: their live events of named content skip them."""
    return set(db.session.scalars(sa.select(Block.blocker_id).where(Block.blocked_id == author_id)))


def alias_blockers(place: str, place_id: int, alias: str) -> set[int]:
    """Who blocked this alias in this place: their live events of its content skip them."""
    return set(db.session.scalars(sa.select(AliasBlock.blocker_id).where(
        AliasBlock.place == place, AliasBlock.place_id == place_id, AliasBlock.alias == alias)))  # fmt: skip


def has_blocked(viewer: User, other_id: int) -> bool:
    return db.session.get(Block, (viewer.id, other_id)) is not None


def has_blocked_alias(viewer: User, place: str, place_id: int, alias: str) -> bool:
    return viewer.id in alias_blockers(place, place_id, alias)
