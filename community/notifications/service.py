"""The one way any feature tells a member something: ``notify``; and what members do with notices.

    notifications.notify(thread_author.id, Kind.REPLY, target=("post", reply.id),
                         key=f"thread:{thread.id}", actor=byline.name, actor_id=reply.author_id)

``notify`` joins the caller's transaction and announces after its commit. It honours the
recipient's preference for the kind, sends nothing about a member the recipient blocked
(the thread would not show them that post either) and nothing to the actor themselves,
and folds an unread notice with the same key into one ("5 new replies in …").
"""

from __future__ import annotations

import sqlalchemy as sa

from community import page_cache
from community.accounts.models import User, utcnow
from community.blocks.access import has_blocked
from community.errors import InvalidInput
from community.extensions import db
from community.notifications import access, broadcasts
from community.notifications.models import Kind, Notification, Preference, Setting
from community.transactions import atomic

# A member can turn these off; a listener reaching out always reaches the member.
CONFIGURABLE = (Kind.REPLY, Kind.MENTION, Kind.POST_APPROVED, Kind.POST_NEEDS_CHANGE, Kind.SESSION_STARTING,
                Kind.ANSWER)  # fmt: skip


def notify(recipient_id: int, kind: Kind, *, target: tuple[str, int], key: str | None = None, actor: str = "",
           actor_id: int | None = None, note: str = "") -> Notification | None:  # fmt: skip
    """Store a notice for ``recipient_id`` and send it live after commit; None when nothing is due."""
    recipient = db.session.get(User, recipient_id)
    if recipient is None or recipient_id == actor_id or access.setting_of(recipient, kind) is Setting.OFF:
        return None
    if actor_id is not None and has_blocked(recipient, actor_id):
        return None
    key = key or f"{target[0]}:{target[1]}"
    notification = _unread_with_key(recipient_id, kind, key)
    if notification is None:
        notification = Notification(user_id=recipient_id, kind=kind.value, key=key, count=0)
        db.session.add(notification)
    notification.count += 1
    notification.target_kind, notification.target_id = target
    notification.actor, notification.note, notification.updated_at = actor, note, utcnow()
    db.session.flush()
    broadcasts.notification_added(notification, recipient)
    return notification


def _unread_with_key(user_id: int, kind: Kind, key: str) -> Notification | None:
    return db.session.scalar(sa.select(Notification).where(
        Notification.user_id == user_id, Notification.kind == kind.value, Notification.key == key,
        Notification.read_at.is_(None), Notification.settled_at.is_(None),
    ).order_by(Notification.id.desc()).limit(1))  # fmt: skip


@atomic
def mark_read(member: User, ids: list[int] | None = None) -> int:
    """Mark the member's notices read (all of them without ``ids``); other tabs hear the new count."""
    query = sa.update(Notification).where(Notification.user_id == member.id, Notification.read_at.is_(None))
    if ids is not None:
        query = query.where(Notification.id.in_(ids))
    changed = db.session.execute(query.values(read_at=utcnow()).execution_options(
        synchronize_session=False, **page_cache.members_only(member.id)))  # fmt: skip
    broadcasts.notifications_read(member.id, access.unread_count(member))
    return changed.rowcount


def settle(member_id: int, key: str) -> None:
    """What the notice asked is done (the member opened the listener's chat, or it ended)."""
    settled = db.session.scalars(sa.update(Notification).where(
        Notification.user_id == member_id, Notification.key == key, Notification.settled_at.is_(None),
    ).values(settled_at=utcnow(), read_at=sa.func.coalesce(Notification.read_at, utcnow()))
     .returning(Notification.id).execution_options(
         synchronize_session=False, **page_cache.members_only(member_id))).all()  # fmt: skip
    for notification_id in settled:
        broadcasts.notification_settled(member_id, notification_id)


@atomic
def open_notice(member: User, notification: Notification) -> None:
    """The member followed a notice: it is read, and a listener's notice is answered."""
    if notification.read_at is None:
        mark_read(member, [notification.id])
    if notification.kind == Kind.LISTENER_REACHED_OUT.value:
        settle(member.id, notification.key)


@atomic
def opened_target(member: User, target_kind: str, target_id: int) -> None:
    """The member opened the page a notice points at by another way: the notice is answered."""
    settle(member.id, f"{target_kind}:{target_id}")


@atomic
def dismiss(member: User, notification_id: object) -> None:
    """The member closed a banner: it stays closed, on every tab and after a reload."""
    notification = access.get_own(member, notification_id)
    settle(member.id, notification.key)


@atomic
def set_preferences(member: User, settings: dict[str, str]) -> None:
    """``settings`` maps kinds to "off" or "in_app"; a kind left out keeps its setting."""
    for kind_name, value in settings.items():
        if kind_name not in {kind.value for kind in CONFIGURABLE} or value not in {s.value for s in Setting}:
            raise InvalidInput("That is not a notification setting we know.")
    for kind_name, value in settings.items():
        preference = db.session.get(Preference, (member.id, kind_name))
        if preference is None:
            db.session.add(Preference(user_id=member.id, kind=kind_name, setting=value))
        else:
            preference.setting = value
