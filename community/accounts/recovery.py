"""Getting back in without email: one-time recovery codes.

Most members give no email, so sign-up shows ten codes once; each lets its owner set a
new password one time. Only their SHA-256 hashes are stored: a code has about 60 random
bits, far beyond guessing under the sign-in limits, so a slow hash would add nothing but
a lookup that cannot use the index.
"""

from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa

from community.accounts.models import RecoveryCode, User, utcnow
from community.accounts.service import find_by_username, set_password
from community.errors import InvalidInput
from community.extensions import db
from community.transactions import atomic

CODE_COUNT = 10
# No 0/o, 1/l/i: codes are copied by hand from paper.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_GROUPS, _GROUP_LENGTH = 3, 4

MISMATCH = "That username and recovery code don't match. Please check the code and try again."


def _new_code() -> str:
    groups = ("".join(secrets.choice(_ALPHABET) for _ in range(_GROUP_LENGTH)) for _ in range(_GROUPS))
    return "-".join(groups)


def _normalise(code: str) -> str:
    letters = "".join(char for char in code.casefold() if char.isalnum())
    return "-".join(letters[i : i + _GROUP_LENGTH] for i in range(0, len(letters), _GROUP_LENGTH))


def _hash(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


@atomic
def issue_codes(user: User) -> list[str]:
    """A fresh set of codes for ``user``; the old ones stop working. Shown once, never stored."""
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_code() for _ in range(CODE_COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(code)) for code in codes)
    return codes


def codes_left(user: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(RecoveryCode.id)).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )  # fmt: skip


@atomic
def recover(username: str, code: str, new_password: str) -> User:
    """Spend one code to set a new password; every session of the account ends.

    An unknown username and a wrong code get the same message, so this tells nothing about
    which accounts exist.
    """
    user = find_by_username(username.strip()) if isinstance(username, str) else None
    row = None
    if user is not None and 0 < len(code) <= 64:
        row = db.session.scalar(
            sa.select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash(code),
                                          RecoveryCode.used_at.is_(None)).with_for_update()
        )  # fmt: skip
    if user is None or row is None:
        raise InvalidInput(MISMATCH)
    set_password(user, new_password, keep_current_session=False)
    row.used_at = utcnow()
    return user
