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
    # A few words about themselves, shown on their profile.
    bio: Mapped[str] = mapped_column(sa.Text, default="")
    # An IANA zone name ("Europe/Berlin"), detected in the browser; times are shown in it.
    time_zone: Mapped[str | None] = mapped_column(sa.String(64))

    @property
    def is_listener(self) -> bool:
        return self.role in (Role.LISTENER, Role.ADMIN)

    @property
    def is_new_member(self) -> bool:
        """Not yet taken part: their posts wait for a listener and their write allowance is smaller."""
        return self.role is Role.MEMBER and self.trusted_since is None

    @property
    def is_clinician(self) -> bool:
        return self.role is Role.CLINICIAN

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def __repr__(self) -> str:  # never the username: reprs end up in logs
        return f"<User {self.id} {self.role}>"


class AccountSession(db.Model):
    """One signed-in browser. Its cookie carries a random token; only the token's hash is kept,
    so a copied database holds no usable session. Ending the row ends the cookie everywhere.
    One nobody has used for ``SESSION_IDLE_DAYS`` is over too (accounts/sessions.py)."""

    __tablename__ = "account_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Moved on at most once a day (sessions.SEEN_EVERY), so that using the site writes nothing more.
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column()


class SessionSocket(db.Model):
    """A live Socket.IO connection opened by one session, so that ending the session can
    disconnect it on whichever server process holds it."""

    __tablename__ = "account_session_sockets"

    sid: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("account_sessions.id", ondelete="CASCADE"), index=True)


class RecoveryCode(db.Model):
    """A one-time code for getting back in without email; only its hash is stored."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    used_at: Mapped[datetime | None] = mapped_column()


class PasswordReset(db.Model):
    """A reset link sent by email: single use, short-lived; only the token's hash is stored."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column()


class ExportStatus(enum.StrEnum):
    QUEUED = "queued"
    BUILDING = "building"
    READY = "ready"
    FAILED = "failed"


class DataExport(db.Model):
    """A member's data as a ZIP, built in the background and kept for a day. The archive is
    kept in the database so that whichever server process answers the download has it."""

    __tablename__ = "data_exports"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[ExportStatus] = mapped_column(enum_column(ExportStatus), default=ExportStatus.QUEUED)
    progress: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column()
    archive: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
