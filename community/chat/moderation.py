"""How chat messages plug into the moderation queue (moderation.content)."""

from __future__ import annotations

from flask import url_for

from community.chat import broadcasts
from community.chat.models import ChatMessage
from moderation.content import ContentKind, register


def _set_text(message: ChatMessage, text: str) -> None:
    message.body = message.shown = text


def register_kind() -> None:
    register(ContentKind(
        name="chat_message", label="chat message", model=ChatMessage,
        on_published=broadcasts.message_added, on_removed=broadcasts.message_removed, set_text=_set_text,
        url=lambda message: url_for("chat.room", slug=message.group.slug),
        group_id=lambda message: message.group_id,
    ))  # fmt: skip
