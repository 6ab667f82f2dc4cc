"""The one funnel for reading groups: who may see a group, read its threads, post in it."""

from __future__ import annotations

import sqlalchemy as sa

from community.accounts.models import User, utcnow
from community.errors import Forbidden, InvalidInput, NotFound, NotSignedIn
from community.extensions import db, execute_plain
from community.groups.models import Group, Invitation, JoinRequest, Membership, RequestState
from community.security import token_hash

_BY_SLUG = sa.select(Group).where(Group.slug == sa.bindparam("slug", type_=sa.String))  # built once
_IS_MEMBER = sa.select(sa.literal(True)).where(
    Membership.user_id == sa.bindparam("user_id", type_=sa.Integer),
    Membership.group_id == sa.bindparam("group_id", type_=sa.Integer),
)


def get_group(slug: object) -> Group:
    """Any group by slug: every group is listed, with its description and rules."""
    if not isinstance(slug, str) or not slug:
        raise NotFound("We couldn't find that group.")
    group = db.session.scalar(_BY_SLUG, {"slug": slug})
    if group is None:
        raise NotFound("We couldn't find that group.")
    return group


def is_member(user: User | None, group: Group) -> bool:
    if user is None or not user.is_authenticated:
        return False
    # Asked afresh every time, never from the session's identity map: a membership ended since
    # this session loaded it must count at once.
    return execute_plain(_IS_MEMBER, {"user_id": user.id, "group_id": group.id}).first() is not None


def member_group_ids(user: User | None) -> set[int]:
    if user is None or not user.is_authenticated:
        return set()
    return set(db.session.scalars(sa.select(Membership.group_id).where(Membership.user_id == user.id)))


def can_read(user: User | None, group: Group, *, member: bool | None = None) -> bool:
    """Public groups are open to everyone; private ones to members and listeners. ``member``:
    whether ``user`` is a member, when the caller read it in this request's own query."""
    if group.is_public:
        return True
    if user is None or not user.is_authenticated:
        return False
    return user.is_listener or (member if member is not None else is_member(user, group))


def readable_groups(user: User | None):
    """SQL condition on Group: ``can_read`` for every group at once (search reads many groups)."""
    if user is None or not user.is_authenticated:
        return Group.is_public
    if user.is_listener:
        return sa.true()
    mine = sa.select(Membership.group_id).where(Membership.user_id == user.id)
    return sa.or_(Group.is_public, Group.id.in_(mine))


def get_readable_group(user: User | None, slug: object) -> Group:
    group = get_group(slug)
    if not can_read(user, group):
        # Looks exactly like a missing group: a stranger learns nothing from it.
        raise NotFound("We couldn't find that group.")
    return group


def require_member(user: User | None, group: Group) -> None:
    """Posting, replying and chatting need membership, whatever the role."""
    if user is None or not user.is_authenticated:
        raise NotSignedIn("Please sign in, then join this group to take part.")
    if not is_member(user, group):
        raise Forbidden(f"Join {group.name} to post here. There's a Join button on the group page.")


INVITATION_SPENT = "This invitation has expired or has been used up. Ask a listener for a new one."


def pending_request(user: User, group: Group) -> JoinRequest | None:
    return db.session.scalar(sa.select(JoinRequest).where(
        JoinRequest.user_id == user.id, JoinRequest.group_id == group.id, JoinRequest.state == RequestState.PENDING,
    ).limit(1))  # fmt: skip


def pending_requests(group: Group | None = None) -> list[JoinRequest]:
    """The requests waiting for a listener (to ``group``, or to any), oldest first."""
    query = sa.select(JoinRequest).where(JoinRequest.state == RequestState.PENDING).order_by(JoinRequest.id)
    if group is not None:
        query = query.where(JoinRequest.group_id == group.id)
    return list(db.session.scalars(query))


def get_request(group: Group, request_id: int) -> JoinRequest:
    """A request to join ``group``; one to another group is not found here."""
    request = db.session.get(JoinRequest, request_id)
    if request is None or request.group_id != group.id:
        raise NotFound("We couldn't find that request.")
    return request


def get_invitation(group: Group, token: object) -> Invitation:
    """The live invitation to ``group`` that ``token`` names; else one message for every reason."""
    invitation = None
    if isinstance(token, str) and 0 < len(token) <= 100:
        invitation = db.session.scalar(sa.select(Invitation).where(Invitation.token_hash == token_hash(token)))
    if invitation is None or invitation.group_id != group.id:
        raise InvalidInput(INVITATION_SPENT)
    if invitation.uses >= invitation.max_uses or invitation.expires_at <= utcnow():
        raise InvalidInput(INVITATION_SPENT)
    return invitation


def private_groups() -> list[Group]:
    return list(db.session.scalars(sa.select(Group).where(Group.is_public.is_(False)).order_by(Group.name)))
