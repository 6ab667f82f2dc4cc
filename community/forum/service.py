"""Forum use cases: start a thread, reply, edit and delete one's own posts.

Each is one transaction: validate, render and sanitize, then store and announce.
"""

from __future__ import annotations

from community.accounts.models import User, utcnow
from community.errors import InvalidInput
from community.extensions import db
from community.forum import aliases, broadcasts
from community.forum.models import Post, Thread
from community.groups import access as group_access
from community.groups.models import Group
from community.rendering import render_markdown
from community.transactions import atomic
from moderation.status import ContentStatus

MAX_TITLE_CHARS = 200
MAX_BODY_CHARS = 20_000


def _clean_title(title: object) -> str:
    title = title.strip() if isinstance(title, str) else ""
    if not 0 < len(title) <= MAX_TITLE_CHARS:
        raise InvalidInput(f"A title needs 1 to {MAX_TITLE_CHARS} characters.")
    return title


def _clean_body(body: object) -> str:
    body = body.strip() if isinstance(body, str) else ""
    if not 0 < len(body) <= MAX_BODY_CHARS:
        raise InvalidInput(f"A post needs 1 to {MAX_BODY_CHARS:,} characters.")
    return body


def _new_post(author: User, thread: Thread, body: str, *, anonymous: bool, opening: bool) -> Post:
    post = Post(thread=thread, author=author, body=body, body_html=render_markdown(body),
                is_anonymous=anonymous, is_opening=opening, status=ContentStatus.PUBLISHED)  # fmt: skip
    db.session.add(post)
    db.session.flush()
    if anonymous:
        aliases.alias_for(thread.id, author.id)
    return post


@atomic
def start_thread(author: User, group: Group, title: str, body: str, *, anonymous: bool = False) -> Thread:
    """Open a thread in a group the author belongs to."""
    group_access.require_member(author, group)
    thread = Thread(group=group, title=_clean_title(title))
    db.session.add(thread)
    db.session.flush()
    _new_post(author, thread, _clean_body(body), anonymous=anonymous, opening=True)
    return thread


@atomic
def add_reply(author: User, thread: Thread, body: str, *, anonymous: bool = False) -> Post:
    """Reply in a thread; readers of the thread see it live once it is published."""
    group_access.require_member(author, thread.group)
    post = _new_post(author, thread, _clean_body(body), anonymous=anonymous, opening=False)
    if post.is_published:
        thread.last_activity_at = post.created_at
        broadcasts.reply_added(post)
    return post


@atomic
def edit_post(author: User, post: Post, body: str, *, title: str | None = None) -> Post:
    """The author rewrites their post (and, for an opening post, the thread title)."""
    body = _clean_body(body)
    if post.is_opening and title is not None:
        post.thread.title = _clean_title(title)
    post.body, post.body_html, post.edited_at = body, render_markdown(body), utcnow()
    return post


@atomic
def delete_post(author: User, post: Post) -> None:
    """Delete one's own post: its text is erased, a placeholder keeps the thread readable."""
    post.status = ContentStatus.DELETED
    post.body, post.body_html = "", ""
    broadcasts.post_removed(post)
