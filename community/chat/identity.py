"""How a member appears in a chat room: by name or by an alias, chosen before they join.

Joining named and then switching to an alias would show both to the room one moment
apart, and pair them. So the choice comes first and is kept per room. Switching is
allowed, and is made hard to pair: the alias is retired (the next anonymous stay gets
a new one, and earlier messages keep theirs), and the new identity appears in "here
now" only after a random wait, never in the update that shows the old one leaving.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from community.accounts.models import User, utcnow
from community.chat.models import ChatIdentity, ChatMessage
from community.errors import InvalidInput
from community.extensions import db
from community.groups.models import Group
from community.identity import alias_for, retire_alias


def choice_of(user: User, group: Group) -> ChatIdentity | None:
    return db.session.get(ChatIdentity, (group.id, user.id))


_UNREAD = object()


def resolve(user: User, group: Group, anonymous: object, stored: object = _UNREAD) -> bool:
    """The identity to use now: the one asked for (stored as the choice if there was none),
    or the stored one when the client does not say. Refuses a client that mixes them.

    ``stored``: the stored choice (None: none yet) when the caller read it already.
    """
    if anonymous is not None and not isinstance(anonymous, bool):
        raise InvalidInput("anonymous must be true or false.")
    if stored is _UNREAD:
        chosen = choice_of(user, group)
        stored = None if chosen is None else chosen.is_anonymous
    if stored is None:
        try:
            with db.session.begin_nested():
                db.session.add(ChatIdentity(group_id=group.id, user_id=user.id, is_anonymous=bool(anonymous)))
            return bool(anonymous)
        except sa.exc.IntegrityError:
            # Another tab of the member's stored a choice for this room at the same moment: it stands.
            stored = choice_of(user, group).is_anonymous
    if anonymous is not None and anonymous != stored:
        raise InvalidInput("You're in this room " + ("anonymously" if stored else "by name")
                           + ". Change how you appear first.")  # fmt: skip
    return bool(stored)


def stored_choice(user_id: int, group_id: int):
    """The stored choice as a scalar subquery, to read in a statement the caller makes anyway."""
    return (
        sa.select(ChatIdentity.is_anonymous)
        .where(ChatIdentity.group_id == group_id, ChatIdentity.user_id == user_id)
        .scalar_subquery()
    )


def choose(user: User, group: Group, anonymous: bool) -> bool:
    """Store the member's choice; True when it is a switch (which retires their alias)."""
    chosen = choice_of(user, group)
    if chosen is None:
        db.session.add(ChatIdentity(group_id=group.id, user_id=user.id, is_anonymous=anonymous))
        return False
    if chosen.is_anonymous == anonymous:
        return False
    low, high = current_app.config["CHAT_SWITCH_DELAY"]
    wait = low + (high - low) * secrets.SystemRandom().random()
    chosen.is_anonymous, chosen.appear_after = anonymous, utcnow() + timedelta(seconds=wait)
    chosen.retired_alias = retire_alias("chat", group.id, user.id) or chosen.retired_alias
    return True


def name_in_room(user: User, group: Group, anonymous: bool) -> str:
    """What the room sees: the display name, or the member's current alias there."""
    return f"Anonymous {room_alias(group.id, user.id)}" if anonymous else user.display_name


def room_alias(group_id: int, user_id: int) -> str:
    """The member's alias in this room: never one the room used before (on a message, or
    retired at a switch), so one alias in a room always means one person."""
    return alias_for("chat", group_id, user_id, reserved=_used_before(group_id))


def _used_before(group_id: int) -> set[str]:
    on_messages = sa.select(ChatMessage.alias).where(ChatMessage.group_id == group_id, ChatMessage.alias.is_not(None))
    retired = sa.select(ChatIdentity.retired_alias).where(
        ChatIdentity.group_id == group_id, ChatIdentity.retired_alias.is_not(None))  # fmt: skip
    return set(db.session.scalars(sa.union(on_messages, retired)))


def appears_in(user: User, group: Group) -> float:
    """Seconds until this member's identity may show as here (0: now)."""
    chosen = choice_of(user, group)
    if chosen is None or chosen.appear_after is None:
        return 0.0
    return max(0.0, (chosen.appear_after - utcnow()).total_seconds())
