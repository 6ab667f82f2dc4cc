"""React to a post: add, change or take back one's reaction. Rate-limited; announced after commit."""

from __future__ import annotations

from limits import parse

from community import ratelimit
from community.accounts.models import User
from community.errors import InvalidInput, RateLimited
from community.extensions import db
from community.forum.models import Post
from community.reactions import broadcasts
from community.reactions.models import KINDS, Reaction
from community.transactions import atomic

# Enough to respond to a whole thread in a minute; too few to make counts flicker for everyone.
REACT_LIMIT = parse("30 per minute")


@atomic
def react(member: User, post: Post, kind: object) -> str | None:
    """Set the member's reaction to ``kind``; the same kind again takes it back. The reaction now."""
    if not isinstance(kind, str) or kind not in KINDS:  # a list or dict in a payload is not hashable
        raise InvalidInput("Choose one of: " + ", ".join(KINDS.values()) + ".")
    if post.author_id == member.id:
        raise InvalidInput("Reactions are for other people's posts.")
    if not ratelimit.hit(REACT_LIMIT, "react", str(member.id)):
        raise RateLimited("You're reacting quickly. Please wait a moment.")
    existing = db.session.get(Reaction, (post.id, member.id))
    if existing is not None and existing.kind == kind:
        db.session.delete(existing)
        now = None
    elif existing is not None:
        existing.kind = now = kind
    else:
        db.session.add(Reaction(post_id=post.id, user_id=member.id, kind=kind))
        now = kind
    db.session.flush()
    broadcasts.reactions_changed(post)
    return now
