"""Group use cases: create a group, join, leave."""

from __future__ import annotations

import re

from community import live_sockets
from community.accounts.models import User
from community.errors import InvalidInput
from community.extensions import db
from community.groups.models import Condition, Group, Membership
from community.transactions import atomic

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@atomic
def create_group(slug: str, name: str, condition: Condition | str, description: str, *,
                 rules: str = "", is_public: bool = True, premoderated: bool = False,
                 number_free: bool = False) -> Group:  # fmt: skip
    if not SLUG_PATTERN.match(slug) or len(slug) > 60:
        raise InvalidInput("A group slug needs lowercase letters, digits and single dashes.")
    if not name.strip() or len(name) > 80:
        raise InvalidInput("A group name needs 1 to 80 characters.")
    group = Group(slug=slug, name=name.strip(), condition=Condition(condition),
                  description=description.strip(), rules=rules.strip(), is_public=is_public,
                  premoderated=premoderated, number_free=number_free)  # fmt: skip
    db.session.add(group)
    return group


@atomic
def join(user: User, group: Group) -> bool:
    """Join ``group``; joining twice is harmless. True if this call joined."""
    if db.session.get(Membership, (user.id, group.id)) is not None:
        return False
    db.session.add(Membership(user_id=user.id, group_id=group.id))
    return True


@atomic
def leave(user: User, group: Group) -> bool:
    membership = db.session.get(Membership, (user.id, group.id))
    if membership is None:
        return False
    db.session.delete(membership)
    live_sockets.recheck(user)
    return True
