"""Support messages as a kind of content (moderation.content.ContentKind).

The listener in the chat reads every word, so nothing is held or queued: a message
is screened so that crisis words are flagged to the listener beside it.
"""

from __future__ import annotations

from flask import url_for

from community.support import broadcasts
from community.support.models import SupportMessage
from moderation.content import ContentKind
from moderation.models import stored_labels
from moderation.screening import Verdict


class SupportMessages(ContentKind):
    name = "support_message"
    label = "support message"
    model = SupportMessage
    reviewed = False

    def render(self, message: SupportMessage, shown: tuple[str, ...], verdict: Verdict) -> None:
        message.labels = stored_labels(verdict.labels)

    def on_published(self, message: SupportMessage) -> None:
        broadcasts.support_message_added(message.chat, message)

    def on_removed(self, message: SupportMessage) -> None:
        """Support messages are never taken down: the chat is private to its two people."""

    def url(self, message: SupportMessage) -> str:
        return url_for("support.chat", chat_id=message.chat_id)

    def group_id(self, message: SupportMessage) -> int | None:
        return None

    def set_text(self, message: SupportMessage, text: str) -> None:
        message.body = text


SUPPORT_MESSAGES = SupportMessages()
