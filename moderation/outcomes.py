"""Telling an author what a listener decided about their held content, through the notifications service."""

from __future__ import annotations

from typing import Any

from community.notifications import service as notifications
from community.notifications.models import Kind
from moderation.content import ContentKind


def approved(kind: ContentKind, content: Any) -> None:
    notifications.notify(content.author_id, Kind.POST_APPROVED, target=(kind.name, content.id),
                         key=f"reviewed:{kind.name}:{content.id}")  # fmt: skip


def needs_change(kind: ContentKind, content: Any, kind_words: str) -> None:
    """``kind_words`` is the listener's message to the author: why, and what would fit."""
    notifications.notify(content.author_id, Kind.POST_NEEDS_CHANGE, target=(kind.name, content.id),
                         key=f"reviewed:{kind.name}:{content.id}", note=kind_words)  # fmt: skip
