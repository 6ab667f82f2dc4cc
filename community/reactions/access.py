"""Reading reactions: counts per post and kind, and which one is the viewer's, in one query."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from community.accounts.models import User
from community.extensions import db
from community.reactions.models import KINDS, Reaction


@dataclass
class Tally:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    mine: str | None = None  # the viewer's own reaction, shown pressed

    def to_dict(self) -> dict:
        return {"counts": self.counts, "mine": self.mine}


def tallies(post_ids: list[int], viewer: User | None) -> dict[int, Tally]:
    """Every post's counts, by post id: one query for a whole thread page."""
    found = {post_id: Tally() for post_id in post_ids}
    if not post_ids:
        return found
    viewer_id = viewer.id if viewer is not None and viewer.is_authenticated else -1
    mine = sa.func.max(sa.case((Reaction.user_id == viewer_id, 1), else_=0))
    rows = db.session.execute(
        sa.select(Reaction.post_id, Reaction.kind, sa.func.count(), mine)
        .where(Reaction.post_id.in_(post_ids))
        .group_by(Reaction.post_id, Reaction.kind)
    )
    for post_id, kind, count, is_mine in rows:
        if kind in KINDS:
            found[post_id].counts[kind] = count
            if is_mine:
                found[post_id].mine = kind
    return found
