"""Events notifications send to the member's own room (every tab, every process), after commit."""

from __future__ import annotations

from community import realtime
from community.accounts.models import User
from community.extensions import db
from community.notifications.access import unread_count
from community.notifications.models import Notification
from community.notifications.presenting import present


def notification_added(notification: Notification, recipient: User) -> None:
    payload = present(notification, recipient).to_dict() | {"unread_count": unread_count(recipient)}
    realtime.publish(db.session, "notification_added", payload, room=realtime.user_room(recipient.id))


def notifications_read(user_id: int, unread: int) -> None:
    """Another tab read them: every open page's bell shows the same count."""
    realtime.publish(db.session, "notifications_read", {"unread_count": unread}, room=realtime.user_room(user_id))


def notification_settled(user_id: int, notification_id: int) -> None:
    """The member opened or dismissed it on one tab: its banner goes on every tab."""
    realtime.publish(db.session, "notification_settled", {"id": notification_id},
                     room=realtime.user_room(user_id))  # fmt: skip
