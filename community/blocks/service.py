"""Block and unblock. Nothing is announced: the blocked member is not told.

An author is blocked as they were shown: a named author by account, an anonymous one by
the alias in the place where the blocker saw it (blocks/access.py says why).
"""

from __future__ import annotations

import sqlalchemy as sa

from community import live_sockets, page_cache
from community.accounts.models import User
from community.blocks.models import AliasBlock, Block
from community.errors import InvalidInput
from community.extensions import db
from community.transactions import atomic


@atomic
def block(blocker: User, blocked_id: int) -> None:
    if blocked_id == blocker.id:
        raise InvalidInput("You can't block yourself.")
    if db.session.get(Block, (blocker.id, blocked_id)) is None:
        db.session.add(Block(blocker_id=blocker.id, blocked_id=blocked_id))
        # No room depends on blocks today; any that comes to will be left at once, by both.
        live_sockets.recheck(blocker)
        if (blocked := db.session.get(User, blocked_id)) is not None:
            live_sockets.recheck(blocked)


@atomic
def unblock(blocker: User, blocked_id: int) -> None:
    db.session.execute(sa.delete(Block).where(Block.blocker_id == blocker.id, Block.blocked_id == blocked_id)
                       .execution_options(**page_cache.members_only(blocker.id, blocked_id)))  # fmt: skip


@atomic
def block_alias(blocker: User, author_id: int, *, place: str, place_id: int, alias: str) -> None:
    """Hide an anonymous author's content under this alias, in this place only."""
    if author_id == blocker.id:
        raise InvalidInput("You can't block yourself.")
    exists = db.session.scalar(sa.select(AliasBlock.id).where(
        AliasBlock.blocker_id == blocker.id, AliasBlock.place == place,
        AliasBlock.place_id == place_id, AliasBlock.alias == alias))  # fmt: skip
    if exists is None:
        db.session.add(AliasBlock(blocker_id=blocker.id, place=place, place_id=place_id, alias=alias))
