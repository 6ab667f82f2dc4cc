"""Support requests, the private chats they open, and the messages in them."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.accounts.models import User, utcnow
from community.extensions import db, enum_column


class RequestState(enum.StrEnum):
    WAITING = "waiting"  # listeners on duty were told; nobody has accepted yet
    ACCEPTED = "accepted"  # exactly one listener took it (guarded UPDATE)
    CANCELLED = "cancelled"


class SupportRequest(db.Model):
    __tablename__ = "support_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    state: Mapped[RequestState] = mapped_column(
        enum_column(RequestState),
        default=RequestState.WAITING,
        index=True,
    )
    # The member chose to be shown to the listener by display name rather than by handle.
    share_name: Mapped[bool] = mapped_column(default=False)
    accepted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    member: Mapped[User] = relationship(foreign_keys=[member_id])


class SupportChat(db.Model):
    """A private room: one member, one listener (admins may read it too)."""

    __tablename__ = "support_chats"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int | None] = mapped_column(sa.ForeignKey("support_requests.id", ondelete="SET NULL"))
    # Opened from a crisis item the listener claimed, when it was.
    item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("queue_items.id", ondelete="SET NULL"))
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    listener_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    share_name: Mapped[bool] = mapped_column(default=False)
    # Opened from an anonymous item: the listener knows the member only by the anonymous handle
    # the item showed, never by the named one (which would tie the two together).
    from_anonymous: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column()
    ended_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    member: Mapped[User] = relationship(foreign_keys=[member_id])
    listener: Mapped[User | None] = relationship(foreign_keys=[listener_id])

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class SupportMessage(db.Model):
    """A message in a support chat. Screened: crisis labels are kept to flag it for the listener."""

    __tablename__ = "support_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(sa.ForeignKey("support_chats.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    labels: Mapped[str] = mapped_column(sa.String(80), default=",")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    chat: Mapped[SupportChat] = relationship()
