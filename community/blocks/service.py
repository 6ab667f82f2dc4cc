"""Block and unblock. Nothing is announced: the blocked member is not told."""

from __future__ import annotations

import sqlalchemy as sa

from community import live_sockets
from community.accounts.models import User
from community.blocks.models import Block
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
    db.session.execute(sa.delete(Block).where(Block.blocker_id == blocker.id, Block.blocked_id == blocked_id))
