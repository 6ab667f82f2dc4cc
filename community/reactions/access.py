"""Reading reactions: counts per post and kind, and which one is the viewer's, in one query."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from community.accounts.models import User
from community.extensions import execute_plain
from community.reactions.models import KINDS, Reaction


@dataclass
class Tally:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    mine: str | None = None  # the viewer's own reaction, shown pressed

    def to_dict(self) -> dict:
        return {"counts": self.counts, "mine": self.mine}


# Every thread page runs it: built once, with the viewer and the posts as parameters.
_TALLIES = (
    sa.select(Reaction.post_id, Reaction.kind, sa.func.count(),
              sa.func.max(sa.case((Reaction.user_id == sa.bindparam("viewer_id", type_=sa.Integer), 1), else_=0)))
    .where(Reaction.post_id.in_(sa.bindparam("post_ids", expanding=True)))
    .group_by(Reaction.post_id, Reaction.kind)
)  # fmt: skip


def tallies(post_ids: list[int], viewer: User | None) -> dict[int, Tally]:
    """Every post's counts, by post id: one query for a whole thread page."""
    found = {post_id: Tally() for post_id in post_ids}
    if not post_ids:
        return found
    viewer_id = viewer.id if viewer is not None and viewer.is_authenticated else -1
    rows = execute_plain(_TALLIES, {"viewer_id": viewer_id, "post_ids": post_ids})
    for post_id, kind, count, is_mine in rows:
        if kind in KINDS:
            found[post_id].counts[kind] = count
            if is_mine:
                found[post_id].mine = kind
    return found
