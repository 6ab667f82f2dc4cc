"""Account use cases: sign up, check a password, grant a role."""

from __future__ import annotations

import re

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from community import live_sockets
from community.accounts.models import Role, User, utcnow
from community.errors import InvalidInput
from community.extensions import db
from community.transactions import atomic

USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{3,32}$")
MIN_PASSWORD = 10
MAX_PASSWORD = 200
MAX_DISPLAY_NAME = 50
MAX_CREDENTIAL = 120
# Names that would let someone pass as staff or as the anonymous alias.
RESERVED_USERNAMES = frozenset({"admin", "administrator", "anonymous", "kindred", "moderator",
                                "listener", "support", "system", "staff"})  # fmt: skip

# A real hash of a random password, so that signing in as an unknown user costs as much
# time as a wrong password: the response time does not tell which usernames exist.
_DUMMY_HASH = generate_password_hash("kindred-timing-equaliser")


def find_by_username(username: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.username_key == username.casefold()))


def _validate_sign_up(username: str, password: str, display_name: str) -> None:
    if not USERNAME_PATTERN.match(username):
        raise InvalidInput("A username needs 3 to 32 letters, digits, dots, dashes or underscores.")
    if username.casefold() in RESERVED_USERNAMES:
        raise InvalidInput("That username is reserved. Please choose another.")
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InvalidInput(f"A password needs {MIN_PASSWORD} to {MAX_PASSWORD} characters.")
    if len(display_name) > MAX_DISPLAY_NAME:
        raise InvalidInput(f"A display name can have at most {MAX_DISPLAY_NAME} characters.")
    if find_by_username(username) is not None:
        raise InvalidInput("That username is taken. Please choose another.")


@atomic
def sign_up(username: str, password: str, *, display_name: str = "", email: str | None = None,
            role: Role = Role.MEMBER) -> User:  # fmt: skip
    """Create a member. Email is optional: a pseudonymous account is the default."""
    username, display_name = username.strip(), display_name.strip()
    _validate_sign_up(username, password, display_name)
    user = User(
        username=username,
        username_key=username.casefold(),
        display_name=display_name or username,
        email=(email or "").strip() or None,
        password_hash=generate_password_hash(password),
        role=role,
    )
    db.session.add(user)
    return user


def authenticate(username: str, password: str) -> User | None:
    """The member if the password matches; None for a wrong password or an unknown user alike."""
    user = find_by_username(username.strip())
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def parse_role(name: str) -> Role:
    try:
        return Role(name.strip().lower())
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise InvalidInput(f"There is no role called {name!r}. Roles: {choices}.") from None


@atomic
def grant_role(user: User, role: Role, *, credential: str | None = None) -> User:
    """Give ``user`` a role; a clinician's credential is shown as a badge."""
    credential = (credential or "").strip() or None
    if credential and len(credential) > MAX_CREDENTIAL:
        raise InvalidInput(f"A credential can have at most {MAX_CREDENTIAL} characters.")
    if role is Role.CLINICIAN and not (credential or user.credential):
        raise InvalidInput("A clinician needs a credential, e.g. --credential 'Licensed psychologist'.")
    user.role = role
    if role is Role.CLINICIAN:
        user.credential = credential or user.credential
    else:
        user.credential = None
    live_sockets.recheck(user)
    return user


@atomic
def mark_trusted(user: User) -> User:
    """An established member: their clean posts publish without waiting for a listener."""
    user.trusted_since = user.trusted_since or utcnow()
    return user
