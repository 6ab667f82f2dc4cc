"""Chat messages as a kind of moderated content (moderation.content.ContentKind)."""

from __future__ import annotations

from flask import url_for

from community.chat import broadcasts
from community.chat.models import ChatMessage
from moderation.content import ContentKind
from moderation.screening import Verdict


class ChatMessages(ContentKind):
    name = "chat_message"
    label = "chat message"
    model = ChatMessage

    def render(self, message: ChatMessage, shown: tuple[str, ...], verdict: Verdict) -> None:
        message.shown = shown[0]  # plain text: clients set it as text, never as HTML

    def on_published(self, message: ChatMessage) -> None:
        broadcasts.message_added(message)

    def on_held(self, message: ChatMessage, notice: str) -> None:
        broadcasts.message_held(message, notice)

    def on_removed(self, message: ChatMessage) -> None:
        broadcasts.message_removed(message)

    def url(self, message: ChatMessage) -> str:
        return url_for("chat.room", slug=message.group.slug)

    def group_id(self, message: ChatMessage) -> int | None:
        return message.group_id

    def set_text(self, message: ChatMessage, text: str) -> None:
        message.body = message.shown = text


CHAT_MESSAGES = ChatMessages()
