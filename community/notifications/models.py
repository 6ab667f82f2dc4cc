"""Stored notifications and each member's per-kind preferences.

A notification keeps no member text: it points at its target (a post, a question, a
chat) and the page draws the words from the target as the recipient may see it now,
so content deleted or hidden since shows as gone. The only names it keeps are the
ones the target's page shows (an anonymous replier's thread alias, never the member).
"""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from community.accounts.models import utcnow
from community.extensions import db


class Kind(enum.StrEnum):
    LISTENER_REACHED_OUT = "listener_reached_out"
    POST_APPROVED = "post_approved"
    POST_NEEDS_CHANGE = "post_needs_change"
    REPLY = "reply"
    MENTION = "mention"
    SESSION_STARTING = "session_starting"
    ANSWER = "answer"
    JOIN_APPROVED = "join_approved"
    JOIN_DECLINED = "join_declined"


class Setting(enum.StrEnum):
    OFF = "off"
    IN_APP = "in_app"


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (sa.Index("ix_notifications_user_id_read_at", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(24))
    # Unread notices with the same key are one notice: a flood of replies in a thread is one.
    key: Mapped[str] = mapped_column(sa.String(64))
    count: Mapped[int] = mapped_column(default=1)
    # What it is about, as registered by a feature (community.notifications.targets).
    target_kind: Mapped[str] = mapped_column(sa.String(24))
    target_id: Mapped[int] = mapped_column()
    # Who did it, exactly as the target's page names them to the recipient.
    actor: Mapped[str] = mapped_column(sa.String(120), default="")
    # A listener's kind words to the author (a post that needs a change); never member text.
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column()
    # For a notice that asks something of the member (open the listener's chat): done or dismissed.
    settled_at: Mapped[datetime | None] = mapped_column()


class Preference(db.Model):
    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(24), primary_key=True)
    setting: Mapped[str] = mapped_column(sa.String(12))
