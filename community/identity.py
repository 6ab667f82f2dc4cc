"""Who someone appears to be, and what a request names: one module for every feature.

- ``badge`` and ``byline``: the name, profile link and badge shown beside content.
  The only place that decides what name shows: an anonymous author's name, username
  or id never goes into a ``Byline``.
- Aliases ("Anonymous Heron"), stored in one table keyed by (scope, place): a forum
  thread, a chat room, a Q&A session. An alias is stable in its place, never shared by
  two people there, and unrelated to the same member's alias anywhere else: it starts
  from a keyed hash that cannot be worked back to a member without SECRET_KEY.
- ``parse_id``, ``parse_flag`` and the ``<int:...>`` URL converter: one reading of ids
  and yes/no flags for routes and Socket.IO events alike. An id beyond PostgreSQL's
  bigint is simply not found, never a database error.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from confusable_homoglyphs import confusables
from flask import current_app
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.routing import BaseConverter, ValidationError

from community.accounts.models import Role, User
from community.errors import InvalidInput
from community.extensions import db

MAX_ID = 2**63 - 1  # PostgreSQL's bigint; every id column fits in it


# -- ids and flags ------------------------------------------------------------------


def parse_id(value: object) -> int | None:
    """A database id from a route or an event, or None for anything that cannot be one."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_ID:
        return value
    return None


def parse_flag(value: object, what: str) -> bool:
    """A yes/no choice from an event: true or false, never a guess (a wrong guess could unmask)."""
    if not isinstance(value, bool):
        raise InvalidInput(f"{what} must be true or false.")
    return value


class IdConverter(BaseConverter):
    """``<int:thread_id>`` in a route: an id, or no match (a 404) when it could not be one."""

    regex = r"\d{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_id(int(value))
        if number is None:
            raise ValidationError()
        return number

    def to_url(self, value: Any) -> str:
        return str(int(value))


# -- badges and bylines ---------------------------------------------------------------


def badge(person: User) -> str | None:
    """What shows beside a name: a clinician's credential, or "Listener"."""
    if person.role is Role.CLINICIAN:
        return person.credential or "Clinician"
    return "Listener" if person.role is Role.LISTENER else None


@dataclass(frozen=True)
class Byline:
    name: str
    username: str | None  # for the profile link; None when anonymous
    badge: str | None
    is_anonymous: bool
    is_you: bool

    def public(self) -> dict:
        """What a whole room may be sent."""
        return {"name": self.name, "username": self.username, "badge": self.badge, "anonymous": self.is_anonymous}

    def to_dict(self) -> dict:
        return self.public() | {"is_you": self.is_you}


def byline(content: Any, names: dict[int, str], viewer: User | None) -> Byline:
    """Who ``content`` (a post, message or question) says wrote it, for ``viewer``.

    ``names`` are the place's aliases by member id. An anonymous author's account is
    never read here, so it cannot leak into what is shown.
    """
    is_you = bool(viewer is not None and viewer.is_authenticated and viewer.id == content.author_id)
    if content.is_anonymous:
        return Byline(f"Anonymous {names.get(content.author_id, 'Member')}", None, None, True, is_you)
    author = content.author
    return Byline(author.display_name, author.username, badge(author), False, is_you)


# -- display names ----------------------------------------------------------------------

# Words that make a display name pass for staff ("Lee (Listener)") or for an alias
# ("Anonymous Heron"), compared as a skeleton: NFKC, no invisible characters, Latin
# look-alikes for other scripts' letters, digits read as letters, case-folded.
_STAFF_WORDS = frozenset({"listener", "moderator", "admin", "administrator", "clinician", "staff", "kindred"})
_DIGIT_LOOKALIKES = str.maketrans("01345$|!", "oieassli")
_INVISIBLE = {"Cf", "Cc", "Mn", "Me"}  # zero-width and bidi controls, combining marks


def name_skeleton(name: str) -> str:
    """What ``name`` looks like: lower-case Latin words separated by single spaces."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name))
    text = "".join(char for char in text if unicodedata.category(char) not in _INVISIBLE)
    text = text.translate(_DIGIT_LOOKALIKES)
    for found in confusables.is_confusable(text, preferred_aliases=["latin"], greedy=True) or []:
        latin = next((glyph["c"] for glyph in found["homoglyphs"] if glyph["c"].isascii()), None)
        if latin:
            text = text.replace(found["character"], latin)
    text = text.casefold()
    # Letters spaced out ("l i s t e n e r") read as one word.
    return re.sub(r"\b([a-z]) (?=[a-z]\b)", r"\1", " ".join(re.findall(r"[a-z]+", text)))


def check_display_name(name: str) -> None:
    """Refuse a display name that could pass for a listener's badge or an anonymous alias."""
    words = name_skeleton(name).split()
    if words[:1] == ["anonymous"] or _STAFF_WORDS.intersection(words):
        raise InvalidInput(
            "That display name looks like a staff badge or an anonymous alias, so it could mislead "
            "other members. Please choose another."
        )


# -- handles --------------------------------------------------------------------------


def moderation_handle(author: User, *, anonymous: bool) -> str:
    """How listeners see an author in the queue: one handle for named items, another for anonymous.

    The anonymous handle is a keyed hash of the member, so a listener sees patterns in a
    member's anonymous items without being able to tie them to the named ones; only the
    audited admin reveal joins the two.
    """
    if not anonymous:
        return author.handle
    key = current_app.config["SECRET_KEY"].encode()
    return "anon-" + hmac.new(key, f"anon-handle:{author.id}".encode(), hashlib.sha256).hexdigest()[:8]


# -- aliases ----------------------------------------------------------------------------

ANIMALS = (
    "Heron", "Otter", "Wren", "Badger", "Fox", "Hare", "Robin", "Owl", "Finch", "Seal",
    "Lynx", "Crane", "Dove", "Marten", "Plover", "Swift", "Beaver", "Kestrel", "Puffin", "Stoat",
    "Bison", "Ibis", "Koala", "Lark", "Moose", "Newt", "Oriole", "Panda", "Quail", "Raven",
    "Sparrow", "Tern", "Vole", "Walrus", "Yak", "Zebra", "Alpaca", "Bluebird", "Cormorant", "Dolphin",
    "Egret", "Falcon", "Gannet", "Hedgehog", "Jay", "Kingfisher", "Lemur", "Magpie", "Nightjar", "Osprey",
)  # fmt: skip
ADJECTIVES = (
    "Quiet", "Gentle", "Steady", "Bright", "Calm", "Kind", "Brave", "Patient", "Warm", "Hopeful",
    "Curious", "Silver", "Golden", "Misty", "Sunny", "Mossy",
)  # fmt: skip
_NAMES = ANIMALS + tuple(f"{a} {b}" for a, b in itertools.product(ADJECTIVES, ANIMALS))

# Places that have aliases, and the key each one's names are hashed under (kept from
# before the aliases shared a table, so no member's alias changed).
SCOPES = {"thread": "alias", "chat": "chat-alias", "qa": "qa-alias"}


class Alias(db.Model):
    """The name an anonymous member goes by in one place: stable there, different elsewhere."""

    __tablename__ = "aliases"
    __table_args__ = (sa.UniqueConstraint("scope", "place_id", "alias", name="uq_aliases_scope_place_id_alias"),)

    scope: Mapped[str] = mapped_column(sa.String(16), primary_key=True)  # a key of SCOPES
    place_id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    alias: Mapped[str] = mapped_column(sa.String(40))


def first_choice(scope: str, place_id: int, user_id: int) -> str:
    """The member's animal in this place: stable, and unrelated to their animal elsewhere."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"{SCOPES[scope]}:{place_id}:{user_id}".encode(), hashlib.sha256).digest()
    return ANIMALS[int.from_bytes(digest[:8], "big") % len(ANIMALS)]


def _candidates(scope: str, place_id: int, user_id: int) -> Iterator[str]:
    """Animals from the member's first choice on, then adjective-animal pairs: 850 names."""
    start = ANIMALS.index(first_choice(scope, place_id, user_id))
    yield from (ANIMALS[(start + i) % len(ANIMALS)] for i in range(len(ANIMALS)))
    yield from _NAMES[len(ANIMALS) :]
    yield from (f"Member {n}" for n in itertools.count(1))


def alias_for(scope: str, place_id: int, user_id: int, reserved: Iterable[str] = ()) -> str:
    """The member's alias here, assigned on first use inside the caller's transaction.

    ``reserved``: names the place has used before and never hands out again (a chat
    room's retired aliases), so that one alias there always means one person.
    Two members arriving at once may pick the same free name: the unique key refuses the
    second, who picks again from what is taken by then.
    """
    for _ in range(3):
        names = aliases_in(scope, place_id)
        if user_id in names:
            return names[user_id]
        taken = set(names.values()) | set(reserved)
        name = next(n for n in _candidates(scope, place_id, user_id) if n not in taken)
        try:
            with db.session.begin_nested():
                db.session.add(Alias(scope=scope, place_id=place_id, user_id=user_id, alias=name))
            return name
        except sa.exc.IntegrityError:
            continue
    raise RuntimeError("Could not store an alias after three attempts")


def retire_alias(scope: str, place_id: int, user_id: int) -> str | None:
    """Give up the member's alias here (a chat member switched identity); the one given up."""
    existing = db.session.get(Alias, (scope, place_id, user_id))
    if existing is None:
        return None
    db.session.delete(existing)
    db.session.flush()
    return existing.alias


def aliases_in(scope: str, place_id: int, user_ids: Iterable[int] | None = None) -> dict[int, str]:
    """Aliases in one place by member id (only ``user_ids``' when given): one query."""
    return aliases_by_place(scope, [place_id], user_ids).get(place_id, {})


def aliases_by_place(scope: str, place_ids: list[int], user_ids: Iterable[int] | None = None) -> dict[int, dict]:
    """Aliases of many places in one query (a group page's threads), by place and member id."""
    found: dict[int, dict[int, str]] = {}
    if not place_ids:
        return found
    query = sa.select(Alias.place_id, Alias.user_id, Alias.alias).where(
        Alias.scope == scope, Alias.place_id.in_(place_ids)
    )
    if user_ids is not None:
        query = query.where(Alias.user_id.in_(list(user_ids)))
    for place_id, user_id, alias in db.session.execute(query):
        found.setdefault(place_id, {})[user_id] = alias
    return found
