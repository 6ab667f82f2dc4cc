"""A listener reached out: the member hears it on every page until they open the chat or dismiss it."""

from __future__ import annotations

from community.accounts.models import User
from community.errors import NotFound
from community.notifications import service as notifications
from community.notifications.models import Kind
from community.notifications.targets import Target
from community.support import access
from community.support.models import SupportChat


def chat_target(chat_id: int, viewer: User) -> Target | None:
    """An open chat the viewer is in; an ended one is gone from the banner and the list."""
    try:
        chat = access.get_readable_chat(viewer, chat_id)
    except NotFound:
        return None
    return Target("", f"/support/chats/{chat.id}") if chat.is_open else None


def listener_reached_out(chat: SupportChat) -> None:
    notifications.notify(chat.member_id, Kind.LISTENER_REACHED_OUT, target=("support_chat", chat.id),
                         actor=chat.listener.display_name if chat.listener else "")  # fmt: skip


def chat_ended(chat: SupportChat) -> None:
    notifications.settle(chat.member_id, f"support_chat:{chat.id}")
