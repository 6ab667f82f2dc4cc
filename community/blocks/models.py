"""Who blocked whom. The blocked member is never told."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from community.accounts.models import utcnow
from community.extensions import db


class Block(db.Model):
    __tablename__ = "blocks"

    blocker_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    blocked_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True,
                                            index=True)  # fmt: skip
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AliasBlock(db.Model):
    """A member blocked an anonymous author as the alias they saw, in the one place it was shown.

    Blocking the account behind an alias would hide that account's anonymous content
    everywhere, and so tell the blocker which aliases are whose (issue 12). So an anonymous
    author is blocked by alias and place: a chat room's alias, or a thread's. The row keeps
    no account: only what the blocker saw.
    """

    __tablename__ = "alias_blocks"
    __table_args__ = (
        sa.UniqueConstraint("blocker_id", "place", "place_id", "alias", name="uq_alias_blocks_blocker_id_place"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    blocker_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    place: Mapped[str] = mapped_column(sa.String(10))  # "chat" (a group's room) or "thread"
    place_id: Mapped[int] = mapped_column()
    alias: Mapped[str] = mapped_column(sa.String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
