"""A notice in words, for its recipient, drawn from its target as they may see it now."""

from __future__ import annotations

from dataclasses import dataclass

from community.accounts.models import User
from community.notifications.models import Kind, Notification
from community.notifications.targets import Target, resolve

_GONE = "This is no longer available: it was deleted or hidden."
LISTENER_HERE = "A listener is here for you — open the chat"


@dataclass(frozen=True)
class Shown:
    id: int
    kind: str
    text: str
    url: str | None  # None when the target is gone
    unread: bool
    count: int

    def to_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "text": self.text, "url": self.url, "unread": self.unread,
                "count": self.count}  # fmt: skip


def _quoted(target: Target) -> str:
    return f"“{target.title}”" if target.title else "a conversation"


def _words(notification: Notification, target: Target, *, name_actor: bool) -> str:
    kind, count = Kind(notification.kind), notification.count
    who = (notification.actor if name_actor else "") or "Someone"
    if kind is Kind.LISTENER_REACHED_OUT:
        return LISTENER_HERE
    if kind is Kind.REPLY:
        if count > 1:
            latest = f", the latest from {who}" if who != "Someone" else ""
            return f"{count} new replies in {_quoted(target)}{latest}"
        return f"{who} replied in {_quoted(target)}"
    if kind is Kind.MENTION:
        return f"{who} mentioned you in {_quoted(target)}"
    if kind is Kind.POST_APPROVED:
        return f"A listener approved your post in {_quoted(target)}. Everyone in the group can see it now."
    if kind is Kind.POST_NEEDS_CHANGE:
        return f"A listener asked for a change to your post in {_quoted(target)}: {notification.note}"
    if kind is Kind.JOIN_APPROVED:
        return f"A listener let you into {target.title}. Welcome — you can read and post there now."
    if kind is Kind.JOIN_DECLINED:
        return f"Your request to join {target.title} was not accepted. A listener can tell you more."
    if kind is Kind.SESSION_STARTING:
        return f"The Q&A session {_quoted(target)} has started. Join now."
    return f"Your question in {_quoted(target)} has an answer."  # Kind.ANSWER


def present(notification: Notification, viewer: User, *, name_actor: bool = True) -> Shown:
    """``name_actor=False`` (the data export, which carries no other member's name) says "Someone"."""
    target = resolve(notification.target_kind, notification.target_id, viewer)
    text = _words(notification, target, name_actor=name_actor) if target else _GONE
    return Shown(notification.id, notification.kind, text, target.url if target else None,
                 notification.read_at is None, notification.count)  # fmt: skip
