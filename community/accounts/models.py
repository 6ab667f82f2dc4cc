"""Members and their roles."""

from __future__ import annotations

import enum
import secrets
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from community.extensions import db, enum_column


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Role(enum.StrEnum):
    MEMBER = "member"
    LISTENER = "listener"
    CLINICIAN = "clinician"
    ADMIN = "admin"


def _new_handle() -> str:
    # Opaque, stable per member: listeners see patterns without seeing a name.
    return "member-" + secrets.token_hex(4)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(32))
    # Case-folded username: the unique key, so "Sam" and "sam" cannot both exist.
    username_key: Mapped[str] = mapped_column(sa.String(32), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(50))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(
        enum_column(Role),
        default=Role.MEMBER,
    )
    # A clinician's credential, shown as a badge beside their name.
    credential: Mapped[str | None] = mapped_column(sa.String(120))
    handle: Mapped[str] = mapped_column(sa.String(24), unique=True, default=_new_handle)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set once a new member's first posts are approved; until then their posts wait for a listener.
    trusted_since: Mapped[datetime | None] = mapped_column()

    @property
    def is_listener(self) -> bool:
        return self.role in (Role.LISTENER, Role.ADMIN)

    @property
    def is_clinician(self) -> bool:
        return self.role is Role.CLINICIAN

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def __repr__(self) -> str:  # never the username: reprs end up in logs
        return f"<User {self.id} {self.role}>"
