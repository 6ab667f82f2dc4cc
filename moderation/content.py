"""Kinds of moderated content, registered by the features that own them.

The queue speaks of "a post", "a chat message" or "a question" only through
this registry, so moderation never imports a feature and every feature plugs
its own publishing and removal into the same decisions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from community.errors import NotFound
from community.extensions import db


@dataclass(frozen=True)
class ContentKind:
    name: str  # "post", "chat_message", "question"
    label: str  # how people call it: "post", "chat message"
    model: type
    # Called inside the deciding transaction; each announces through community.realtime.
    on_published: Callable[[Any], None]
    on_removed: Callable[[Any], None]
    # Sets new text after a listener's edit (re-rendering whatever the feature stores).
    set_text: Callable[[Any, str], None]
    url: Callable[[Any], str]  # where the content lives, for listeners and its author
    group_id: Callable[[Any], int | None]  # the group it was said in, if any
    text_of: Callable[[Any], str] = lambda content: content.body
    # The exact text that was screened (match offsets point into it); the body by default.
    screened_text: Callable[[Any], str] | None = None
    # Shows a listener's context note (a correction and source) with the content, if the kind can.
    set_context: Callable[[Any, str], None] | None = None


_KINDS: dict[str, ContentKind] = {}


def screened_text(content_kind: ContentKind, content: Any) -> str:
    return (content_kind.screened_text or content_kind.text_of)(content)


def register(kind: ContentKind) -> None:
    _KINDS[kind.name] = kind


def kind(name: str) -> ContentKind:
    return _KINDS[name]


def load(name: str, content_id: int) -> tuple[ContentKind, Any]:
    content_kind = _KINDS.get(name)
    content = db.session.get(content_kind.model, content_id) if content_kind else None
    if content is None:
        raise NotFound("That content no longer exists.")
    return content_kind, content


def kind_of(content: Any) -> ContentKind:
    for content_kind in _KINDS.values():
        if isinstance(content, content_kind.model):
            return content_kind
    raise LookupError(f"{type(content).__name__} is not a registered content kind")
