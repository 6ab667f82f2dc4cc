"""Reading notices: a member reads only their own, and "not yours" looks like "not found"."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from community.accounts.models import User
from community.errors import NotFound
from community.extensions import db, execute_plain
from community.notifications.models import Kind, Notification, Preference, Setting
from community.notifications.presenting import Shown, present

PAGE_SIZE = 50


@dataclass(frozen=True)
class Header:
    """What every page's header shows: the bell's count and, if a listener reached out, the banner."""

    unread: int
    listener_chat_id: int | None
    listener_notice_id: int | None


def _header_statement():
    reached_out = sa.and_(Notification.kind == Kind.LISTENER_REACHED_OUT.value, Notification.settled_at.is_(None))
    # Chats and notices are numbered in order: the highest of each is the newest listener.
    return sa.select(
        sa.func.count(Notification.id).filter(Notification.read_at.is_(None)),
        sa.func.max(sa.case((reached_out, Notification.target_id))),
        sa.func.max(sa.case((reached_out, Notification.id))),
    ).where(Notification.user_id == sa.bindparam("member_id", type_=sa.Integer))


# Every page a member sees runs it: built once, with the member as a parameter.
_HEADER = _header_statement()


def header_of(member: User) -> Header:
    """One query for every page: the unread count and the newest unsettled listener notice."""
    unread, chat_id, notice_id = execute_plain(_HEADER, {"member_id": member.id}).one()
    return Header(unread, chat_id, notice_id)


def unread_count(member: User) -> int:
    return db.session.scalar(sa.select(sa.func.count(Notification.id)).where(
        Notification.user_id == member.id, Notification.read_at.is_(None))) or 0  # fmt: skip


def recent(member: User, limit: int = PAGE_SIZE) -> list[Notification]:
    return list(db.session.scalars(
        sa.select(Notification).where(Notification.user_id == member.id)
        .order_by(Notification.updated_at.desc(), Notification.id.desc()).limit(limit)
    ))  # fmt: skip


def get_own(member: User, notification_id: object) -> Notification:
    if not isinstance(notification_id, int) or isinstance(notification_id, bool):
        raise NotFound("We couldn't find that notification.")
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != member.id:
        raise NotFound("We couldn't find that notification.")
    return notification


def setting_of(member: User, kind: Kind) -> Setting:
    preference = db.session.get(Preference, (member.id, kind.value))
    return Setting(preference.setting) if preference else Setting.IN_APP


def settings_of(member: User) -> dict[str, str]:
    stored = db.session.scalars(sa.select(Preference).where(Preference.user_id == member.id))
    return {preference.kind: preference.setting for preference in stored}


def for_export(member: User) -> list[tuple[Notification, Shown]]:
    """Every notice of the member's, oldest first, in the words their /notifications page shows
    now (content deleted or hidden since as gone), but naming no other member: the export
    carries nobody else's name, so a replier, named or anonymous, is "Someone"."""
    notices = db.session.scalars(sa.select(Notification).where(Notification.user_id == member.id)
                                 .order_by(Notification.id))  # fmt: skip
    return [(notice, present(notice, member, name_actor=False)) for notice in notices]
