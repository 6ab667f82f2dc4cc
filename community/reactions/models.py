"""One reaction per member per post: the primary key holds that rule."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from community.accounts.models import utcnow
from community.extensions import db

# The kinds offered, in the order shown; the labels are what members read.
KINDS = {"hear": "I hear you", "same": "Me too", "strength": "Sending strength"}


class Reaction(db.Model):
    __tablename__ = "reactions"

    post_id: Mapped[int] = mapped_column(sa.ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True,
                                         index=True)  # fmt: skip
    kind: Mapped[str] = mapped_column(sa.String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
