"""Who a post says wrote it, for one viewer. The only place that decides what name shows.

An anonymous post shows its thread alias to everyone but its author, who sees
that it is theirs. Nothing here ever puts an anonymous author's name, username
or id into what is returned.
"""

from __future__ import annotations

from dataclasses import dataclass

from community.accounts.models import Role, User
from community.forum.models import Post


@dataclass(frozen=True)
class Byline:
    name: str
    username: str | None  # for the profile link; None when anonymous
    badge: str | None  # a clinician's credential, or "Listener"
    is_anonymous: bool
    is_you: bool

    def to_dict(self) -> dict:
        return {"name": self.name, "username": self.username, "badge": self.badge,
                "anonymous": self.is_anonymous, "is_you": self.is_you}  # fmt: skip


def _badge(author: User) -> str | None:
    if author.role is Role.CLINICIAN:
        return author.credential or "Clinician"
    if author.role is Role.LISTENER:
        return "Listener"
    return None


def byline(post: Post, aliases: dict[int, str], viewer: User | None) -> Byline:
    is_you = bool(viewer is not None and viewer.is_authenticated and viewer.id == post.author_id)
    if post.is_anonymous:
        alias = aliases.get(post.author_id, "Member")
        return Byline(f"Anonymous {alias}", None, None, True, is_you)
    author = post.author
    return Byline(author.display_name, author.username, _badge(author), False, is_you)
