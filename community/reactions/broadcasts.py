"""``reactions_changed`` to a thread's readers: the post's counts, never who reacted."""

from __future__ import annotations

from community import realtime
from community.extensions import db
from community.forum.models import Post
from community.reactions.access import tallies


def reactions_changed(post: Post) -> None:
    counts = tallies([post.id], None)[post.id].counts
    realtime.publish(db.session, "reactions_changed", {"post": post.id, "thread": post.thread_id, "counts": counts},
                     room=realtime.thread_room(post.thread_id))  # fmt: skip
