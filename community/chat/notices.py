"""What a notice about a chat message shows: its room, while the member may still see the message."""

from __future__ import annotations

from community.accounts.models import User
from community.chat import access
from community.errors import NotFound
from community.notifications.targets import Target
from moderation.status import ContentStatus


def message_target(message_id: int, viewer: User) -> Target | None:
    try:
        message = access.get_message(viewer, message_id)
    except NotFound:
        return None
    if message.status in (ContentStatus.REMOVED, ContentStatus.DELETED):
        return None
    return Target(f"{message.group.name} chat", f"/g/{message.group.slug}/chat")
