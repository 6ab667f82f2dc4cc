"""A reader's choice of topics to fold. Without a row, every warned post is folded."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from community.extensions import db


class ContentPreference(db.Model):
    __tablename__ = "content_preferences"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    # Topic keys (warnings/topics.py) joined by commas; "" folds nothing.
    folded_topics: Mapped[str] = mapped_column(sa.String(200), default="")
