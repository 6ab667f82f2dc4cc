"""What the forum tells members: a reply in their thread, a mention; and what a notice about a post shows.

Called from the posts' "on published" step (community.forum.moderation), so a reply
is announced once, whether it published at once or a listener approved it later. The
replier is named by ``byline``, exactly as the thread names them: an alias when anonymous.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from community.accounts.models import User
from community.blocks.access import has_blocked
from community.errors import NotFound
from community.extensions import db
from community.forum import access
from community.forum.models import Post
from community.groups import access as group_access
from community.identity import aliases_in, byline
from community.notifications import service as notifications
from community.notifications.models import Kind
from community.notifications.targets import Target
from moderation.status import ContentStatus

# @username, not inside an email address or a word.
MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9_-]{2,40})\b")
# More than this in one post is a flood, not a conversation: the first few are told.
MAX_MENTIONS = 10
_OWN_STATES = (ContentStatus.PUBLISHED, ContentStatus.HELD, ContentStatus.REJECTED)


def post_target(post_id: int, viewer: User) -> Target | None:
    """The post as the viewer may see it now: its thread's title and place, or None when gone."""
    post = db.session.get(Post, post_id)
    if post is None or post.status not in _OWN_STATES:
        return None
    if post.status is not ContentStatus.PUBLISHED and post.author_id != viewer.id:
        return None
    if post.author_id != viewer.id and has_blocked(viewer, post.author_id):
        return None
    try:
        thread = access.get_readable_thread(viewer, post.thread_id)
    except NotFound:
        return None
    return Target(thread.title, f"/t/{thread.id}#post-{post.id}")


def post_published(post: Post) -> None:
    """Tell the thread's opener about a reply, and whoever the post mentions."""
    names = aliases_in("thread", post.thread_id) if post.is_anonymous else {}
    actor = byline(post, names, None).name
    told = {post.author_id}
    if not post.is_opening:
        opener = post.thread.opening.author_id if post.thread.opening else None
        if opener is not None and opener not in told:
            notifications.notify(opener, Kind.REPLY, target=("post", post.id), key=f"thread:{post.thread_id}",
                                 actor=actor, actor_id=post.author_id)  # fmt: skip
            told.add(opener)
    for member in _mentioned(post):
        if member.id not in told and group_access.can_read(member, post.thread.group):
            notifications.notify(member.id, Kind.MENTION, target=("post", post.id), actor=actor,
                                 actor_id=post.author_id)  # fmt: skip
            told.add(member.id)


def _mentioned(post: Post) -> list[User]:
    usernames = list(dict.fromkeys(name.casefold() for name in MENTION.findall(post.body)))[:MAX_MENTIONS]
    if not usernames:
        return []
    return list(db.session.scalars(sa.select(User).where(User.username_key.in_(usernames))))
