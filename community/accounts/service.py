"""Account use cases: sign up, check a password, grant a role."""

from __future__ import annotations

import re
from functools import cache
from zoneinfo import available_timezones

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from community import live_sockets
from community.accounts import passwords, sessions
from community.accounts.models import Role, User, utcnow

# Other features read and take times in the member's own zone through the service (the import contract).
from community.accounts.zones import to_utc as to_utc
from community.accounts.zones import zone_name as zone_name
from community.errors import InvalidInput
from community.extensions import db
from community.identity import check_display_name
from community.transactions import atomic

USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{3,32}$")
MAX_DISPLAY_NAME = 50
MAX_BIO = 1000
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
    if len(display_name) > MAX_DISPLAY_NAME:
        raise InvalidInput(f"A display name can have at most {MAX_DISPLAY_NAME} characters.")
    if display_name:
        check_display_name(display_name)
    if find_by_username(username) is not None:
        raise InvalidInput("That username is taken. Please choose another.")
    passwords.check(password, personal=(username, display_name))


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


def check_password(user: User, password: str) -> bool:
    return check_password_hash(user.password_hash, password)


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
    if not user.is_listener:
        from moderation import duty  # moderation builds on accounts, not the other way round

        duty.end_duty_of(user)
    return user


@cache
def time_zones() -> tuple[str, ...]:
    """Every IANA zone this system knows, sorted: the choices a member picks from."""
    return tuple(sorted(available_timezones()))


@atomic
def update_profile(user: User, *, display_name: str, bio: str, time_zone: str) -> User:
    """Change what others see of a member, and the zone their times are shown in."""
    display_name, bio, time_zone = display_name.strip(), bio.strip(), time_zone.strip()
    if not 0 < len(display_name) <= MAX_DISPLAY_NAME:
        raise InvalidInput(f"A display name needs 1 to {MAX_DISPLAY_NAME} characters.")
    if display_name != user.username:  # the username stands in when no name is chosen
        check_display_name(display_name)
    if len(bio) > MAX_BIO:
        raise InvalidInput(f"About you can have at most {MAX_BIO} characters.")
    if time_zone and time_zone not in time_zones():
        raise InvalidInput("Please choose a time zone from the list.")
    user.display_name, user.bio, user.time_zone = display_name, bio, time_zone or None
    return user


@atomic
def change_password(user: User, current: str, new: str) -> None:
    """A new password; every other signed-in device is signed out (this one stays in)."""
    if not check_password(user, current):
        raise InvalidInput("Your current password is not right. Please try again.")
    set_password(user, new, keep_current_session=True)


@atomic
def set_password(user: User, new: str, *, keep_current_session: bool) -> None:
    """Check and store a new password, and end the member's other sessions (or all of them):
    whoever knew the old password, or held a cookie from it, is out."""
    passwords.check(new, personal=(user.username, user.display_name))
    user.password_hash = generate_password_hash(new)
    sessions.end_all(user, keep_current=keep_current_session)


@atomic
def mark_trusted(user: User) -> User:
    """An established member: their clean posts publish without waiting for a listener."""
    user.trusted_since = user.trusted_since or utcnow()
    return user
