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
