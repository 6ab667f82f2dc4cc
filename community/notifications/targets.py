"""What a notification points at, as its recipient may see it now.

Each feature registers a resolver for its kinds of target: given the target's id and
the recipient, it returns the ``Target`` (a title to show and where it lives) when the
recipient may still read it, or None when it was deleted, hidden or taken down since.
A notification whose target resolves to None shows as gone, with no text. Resolvers
build plain paths, not ``url_for``, since notices are also sent from commands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from community.accounts.models import User


@dataclass(frozen=True)
class Target:
    title: str  # what the notice names: a thread's title, a session's; may be ""
    url: str


Resolver = Callable[[int, User], "Target | None"]

_RESOLVERS: dict[str, Resolver] = {}


def register(kind: str, resolver: Resolver) -> None:
    _RESOLVERS[kind] = resolver


def resolve(kind: str, target_id: int, viewer: User) -> Target | None:
    resolver = _RESOLVERS.get(kind)
    return resolver(target_id, viewer) if resolver else None
