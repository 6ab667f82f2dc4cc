"""Groups (one condition each) and memberships."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.accounts.models import User, utcnow
from community.extensions import db, enum_column


class Condition(enum.StrEnum):
    MENTAL_HEALTH = "mental-health"
    RECOVERY = "recovery"
    EATING_DISORDERS = "eating-disorders"

    @property
    def title(self) -> str:
        return CONDITION_TITLES[self]


CONDITION_TITLES = {
    Condition.MENTAL_HEALTH: "Mental health",
    Condition.RECOVERY: "Addiction recovery",
    Condition.EATING_DISORDERS: "Eating disorders",
}


class Group(db.Model):
    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    condition: Mapped[Condition] = mapped_column(enum_column(Condition, length=24))
    description: Mapped[str] = mapped_column(sa.Text)
    rules: Mapped[str] = mapped_column(sa.Text, default="")
    # Private groups are listed, but only members read their threads.
    is_public: Mapped[bool] = mapped_column(default=True)
    # Every post waits for a listener before anyone else sees it.
    premoderated: Mapped[bool] = mapped_column(default=False)
    # Eating-disorder groups that hold any post with body numbers (weights, calories...).
    number_free: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<Group {self.slug}>"


class Membership(db.Model):
    __tablename__ = "memberships"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
    group: Mapped[Group] = relationship()


class RequestState(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"


class JoinRequest(db.Model):
    """A member asking to join a private group; a listener or admin decides, once."""

    __tablename__ = "group_join_requests"
    __table_args__ = (sa.Index("ix_group_join_requests_state_group_id", "state", "group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    # A few words for the listener who decides ("I care for my daughter"); may be "".
    note: Mapped[str] = mapped_column(sa.String(300), default="")
    state: Mapped[RequestState] = mapped_column(enum_column(RequestState), default=RequestState.PENDING)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column()
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    group: Mapped[Group] = relationship()


class Invitation(db.Model):
    """A link that admits its holder to one private group, until it expires or is used up.

    Only the token's hash is kept: the link is shown once, to the listener who made it.
    """

    __tablename__ = "group_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    max_uses: Mapped[int] = mapped_column()
    uses: Mapped[int] = mapped_column(default=0)

    group: Mapped[Group] = relationship()
