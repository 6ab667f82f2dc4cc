"""Events the forum sends, and their payloads. Sent after commit (community.realtime).

Payloads go to a whole room, so they carry the public byline only: an
anonymous author appears as their alias, never by name or id.
"""

from __future__ import annotations

from community import realtime
from community.extensions import db
from community.forum.models import Post
from community.identity import aliases_in, byline


def post_payload(post: Post, names: dict[int, str] | None = None, viewer=None) -> dict:
    """A post as JSON. ``names`` is the thread's aliases, when the caller has loaded them."""
    if names is None:
        names = aliases_in("thread", post.thread_id) if post.is_anonymous else {}
    return {
        "id": post.id,
        "thread": post.thread_id,
        "author": byline(post, names, viewer).to_dict(),
        "html": post.body_html,
        "created_at": post.created_at.isoformat() + "Z",
        "edited": post.edited_at is not None,
    }


def reply_added(post: Post) -> None:
    realtime.publish(db.session, "reply_added", post_payload(post), room=realtime.thread_room(post.thread_id))


def post_removed(post: Post) -> None:
    realtime.publish(db.session, "post_removed", {"id": post.id, "thread": post.thread_id},
                     room=realtime.thread_room(post.thread_id))  # fmt: skip
