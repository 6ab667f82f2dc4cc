"""Kinds of member content, as the moderation pipeline and queue see them.

A feature declares each kind it owns (a forum post, a chat message, a question, ...)
as a class that implements ``ContentKind`` and registers one instance when the app is
built. The pipeline, the queue and the moderator view speak of content only through
this contract, so moderation never imports a feature, and publishing, holding and
removing are written once for every kind.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, ClassVar, Protocol

from community.errors import InvalidInput, NotFound
from community.extensions import db
from moderation.screening import Verdict

# Pieces of screened text (an opening post's title and body) are joined with this.
PART_SEPARATOR = "\n\n"


class ContentKind(Protocol):
    """What moderation needs from a kind of content. Subclass it to inherit the defaults;
    a kind that leaves out an abstract method cannot be made."""

    name: ClassVar[str]  # stored on queue items: "post", "chat_message", "question"
    label: ClassVar[str]  # how people call it: "forum post", "chat message"
    model: ClassVar[type]
    # False for a private conversation with a listener, who is its reader: screened and
    # labelled, never held and never queued.
    reviewed: ClassVar[bool] = True

    def parts(self, content: Any) -> tuple[str, ...]:
        """The text to screen, in pieces (a title and a body); match offsets point into their join."""
        return (content.body,)

    @abstractmethod
    def render(self, content: Any, shown: tuple[str, ...], verdict: Verdict) -> None:
        """Set what readers will see from ``shown``: ``parts`` with strong profanity masked."""
        ...

    @abstractmethod
    def on_published(self, content: Any) -> None:
        """The content became visible: announce it (community.realtime, after commit)."""
        ...

    def on_held(self, content: Any, notice: str) -> None:
        """The content waits for a listener; ``notice`` is what its author is told."""

    @abstractmethod
    def on_removed(self, content: Any) -> None:
        """A listener took published content down: announce it."""
        ...

    @abstractmethod
    def url(self, content: Any) -> str:
        """Where the content lives, for listeners and its author."""
        ...

    @abstractmethod
    def group_id(self, content: Any) -> int | None:
        """The group it was said in, if any."""
        ...

    def text_of(self, content: Any) -> str:
        """The text a listener may edit before approving."""
        return content.body

    @abstractmethod
    def set_text(self, content: Any, text: str) -> None:
        """A listener's edit: store ``text`` and whatever the kind renders from it."""
        ...

    def set_context(self, content: Any, note: str) -> None:
        """Show a listener's context note (a correction and its source) with the content."""
        raise InvalidInput(f"A {self.label} can't carry a context note.")


def screened_text(kind: ContentKind, content: Any) -> str:
    """The exact text that was screened: the matches' offsets point into it."""
    return PART_SEPARATOR.join(kind.parts(content))


_KINDS: dict[str, ContentKind] = {}


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
