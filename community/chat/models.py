"""Chat messages, mutes and room settings (slow mode). Aliases: community.identity, scope "chat"."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.accounts.models import User, utcnow
from community.extensions import db, enum_column
from community.groups.models import Group
from moderation.status import ContentStatus


class ChatMessage(db.Model):
    """One message in a group's chat. ``body`` is what the author wrote (for listeners);
    ``shown`` is what the room sees (strong profanity masked). Both are plain text."""

    __tablename__ = "chat_messages"
    __table_args__ = (sa.Index("ix_chat_messages_group_id_id", "group_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(sa.Text)
    shown: Mapped[str] = mapped_column(sa.Text, default="")
    is_anonymous: Mapped[bool] = mapped_column(default=False)
    # The alias it went out under, kept with the message: a member who switches identity gets
    # a new alias, and their earlier messages keep the old one (chat/identity.py).
    alias: Mapped[str | None] = mapped_column(sa.String(40))
    status: Mapped[ContentStatus] = mapped_column(enum_column(ContentStatus), default=ContentStatus.HELD)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    group: Mapped[Group] = relationship()
    author: Mapped[User] = relationship()


class ChatIdentity(db.Model):
    """How a member chose to appear in one room, chosen before they first join it.

    ``appear_after``: after a switch, the new identity shows as "here" only from then on,
    so that the old one leaving and the new one arriving are not one presence update.
    """

    __tablename__ = "chat_identities"

    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    is_anonymous: Mapped[bool] = mapped_column(default=False)
    appear_after: Mapped[datetime | None] = mapped_column()
    # The alias given up at the last switch: never handed out in this room again.
    retired_alias: Mapped[str | None] = mapped_column(sa.String(40))


class ChatMute(db.Model):
    """A listener silenced a member in one room until ``until``."""

    __tablename__ = "chat_mutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    muted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    until: Mapped[datetime] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ChatRoom(db.Model):
    """Per-room settings, created when a listener first changes one."""

    __tablename__ = "chat_rooms"

    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True)
    # Slow mode: each member may send one message per this many seconds (0: off).
    slow_mode_seconds: Mapped[int] = mapped_column(default=0)
