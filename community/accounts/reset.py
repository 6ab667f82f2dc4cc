"""Password reset by email, for members who gave one: a single-use link valid for an hour."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa

from community.accounts import mail
from community.accounts.models import PasswordReset, User, utcnow
from community.accounts.service import set_password
from community.accounts.sessions import token_hash
from community.errors import InvalidInput
from community.extensions import db
from community.transactions import atomic

VALID_FOR = timedelta(hours=1)
# An email may belong to a few accounts (it is not unique); a link for each, within reason.
MAX_ACCOUNTS_PER_EMAIL = 5
EXPIRED = "This link has expired or was already used. You can ask for a new one."

_BODY = """Hello {name},

Someone (we hope you) asked to reset the password of your Kindred account "{username}".
Open this link within an hour to choose a new one:

{link}

If it was not you, ignore this email: your password stays as it is.

Kindred
"""


@atomic
def request_reset(email: str, link_for: Callable[[str], str]) -> None:
    """Email a reset link to every account with ``email``; nothing at all when there is none.

    The caller answers the same either way, and the email goes out after the commit, in the
    background, so neither the answer nor its timing tells whether the address is known.
    """
    email = email.strip()
    users = db.session.scalars(
        sa.select(User).where(sa.func.lower(User.email) == email.lower()).limit(MAX_ACCOUNTS_PER_EMAIL)
    ).all()  # fmt: skip
    for user in users:
        token = secrets.token_urlsafe(32)
        db.session.add(PasswordReset(user_id=user.id, token_hash=token_hash(token)))
        body = _BODY.format(name=user.display_name, username=user.username, link=link_for(token))
        mail.send_after_commit(db.session, user.email, "Reset your Kindred password", body)


def _live_reset(token: str) -> PasswordReset | None:
    if not 0 < len(token) <= 100:
        return None
    return db.session.scalar(
        sa.select(PasswordReset).where(PasswordReset.token_hash == token_hash(token), PasswordReset.used_at.is_(None),
                                       PasswordReset.created_at > utcnow() - VALID_FOR)
    )  # fmt: skip


def check_link(token: str) -> None:
    if _live_reset(token) is None:
        raise InvalidInput(EXPIRED)


@atomic
def reset_password(token: str, new_password: str) -> User:
    """Set a new password through a live link; the link and every session of the account end."""
    row = _live_reset(token)
    if row is None:
        raise InvalidInput(EXPIRED)
    user = db.session.get(User, row.user_id)
    set_password(user, new_password, keep_current_session=False)
    db.session.execute(sa.update(PasswordReset).where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
                       .values(used_at=utcnow()))  # fmt: skip
    return user
