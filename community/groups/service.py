"""Group use cases: create a group, join, leave; ask to join a private group, decide, invite."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

import sqlalchemy as sa

from community import input_guard, live_sockets
from community.accounts.models import User, utcnow
from community.errors import Conflict, InvalidInput
from community.extensions import db
from community.groups import access
from community.groups.models import Condition, Group, Invitation, JoinRequest, Membership, RequestState
from community.notifications import service as notifications
from community.notifications.models import Kind
from community.security import token_hash
from community.transactions import atomic, update_if

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_NOTE_CHARS = 300
INVITATION_MAX_DAYS = 30
INVITATION_MAX_USES = 100


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
    """Add ``user`` to ``group`` with no questions asked (seeding, an approval, an invitation);
    joining twice is harmless. True if this call joined. Members use ``ask_to_join``."""
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


@atomic
def ask_to_join(user: User, group: Group, note: object = "") -> JoinRequest | None:
    """A public group admits at once; a private one takes a request that a listener decides.

    Listeners and admins, who read private groups anyway and decide the requests, join at
    once. Returns the pending request, or None when the member is in.
    """
    if group.is_public or user.is_listener:
        join(user, group)
        return None
    note = _checked_note(note)
    if access.is_member(user, group):
        return None
    pending = access.pending_request(user, group)
    if pending is None:  # asking twice is one request
        pending = JoinRequest(group_id=group.id, user_id=user.id, note=note)
        db.session.add(pending)
    return pending


def _checked_note(note: object) -> str:
    if not isinstance(note, str):
        raise InvalidInput("A note needs to be text.")
    note = note.strip()
    if len(note) > MAX_NOTE_CHARS:
        raise InvalidInput(f"A note to the listeners can be up to {MAX_NOTE_CHARS} characters.")
    if not input_guard.is_storable(note):
        raise InvalidInput(input_guard.MESSAGE)
    return note


@atomic
def decide_request(staff: User, request: JoinRequest, *, approve: bool) -> None:
    """Approve (the member joins) or decline, once: a second decision is a Conflict, whoever makes it."""
    state = RequestState.APPROVED if approve else RequestState.DECLINED
    if not update_if(request, JoinRequest.state == RequestState.PENDING, state=state, decided_at=utcnow(),
                     decided_by_id=staff.id):  # fmt: skip
        raise Conflict("This request has already been decided.")
    if approve:
        join(request.user, request.group)
    kind = Kind.JOIN_APPROVED if approve else Kind.JOIN_DECLINED
    notifications.notify(request.user_id, kind, target=("group", request.group_id), key=f"join:{request.id}")


@atomic
def create_invitation(staff: User, group: Group, *, days: object, max_uses: object) -> str:
    """A link token for ``group``: returned once, only its hash kept."""
    if group.is_public:
        raise InvalidInput("Public groups need no invitation: anyone can join them.")
    if not isinstance(days, int) or not 1 <= days <= INVITATION_MAX_DAYS:
        raise InvalidInput(f"An invitation can last 1 to {INVITATION_MAX_DAYS} days.")
    if not isinstance(max_uses, int) or not 1 <= max_uses <= INVITATION_MAX_USES:
        raise InvalidInput(f"An invitation can admit 1 to {INVITATION_MAX_USES} people.")
    token = secrets.token_urlsafe(24)
    db.session.add(Invitation(group_id=group.id, token_hash=token_hash(token), created_by_id=staff.id,
                              expires_at=utcnow() + timedelta(days=days), max_uses=max_uses))  # fmt: skip
    return token


@atomic
def accept_invitation(user: User, group: Group, token: object) -> None:
    """Join ``group`` with an invitation to it; a use is counted only when it lets someone in."""
    invitation = access.get_invitation(group, token)
    if access.is_member(user, group):
        return
    # Guarded, so that two people racing for the last use cannot both get in.
    if not update_if(invitation, sa.and_(Invitation.uses < Invitation.max_uses, Invitation.expires_at > utcnow()),
                     uses=Invitation.uses + 1):  # fmt: skip
        raise InvalidInput(access.INVITATION_SPENT)
    join(user, group)
    if (pending := access.pending_request(user, group)) is not None:
        # The invitation answers a request still waiting, so no listener decides it later.
        update_if(pending, JoinRequest.state == RequestState.PENDING, state=RequestState.APPROVED,
                  decided_at=utcnow(), decided_by_id=invitation.created_by_id)  # fmt: skip
