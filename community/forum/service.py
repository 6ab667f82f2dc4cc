"""Forum use cases: start a thread, reply, edit and delete one's own posts.

Each is one transaction: validate here, then the one content pipeline
(moderation.pipeline) screens, decides, renders, stores, and publishes or holds.
"""

from __future__ import annotations

import functools

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from community.accounts.models import User, utcnow
from community.blocks import service as blocks
from community.blocks.access import THREAD
from community.errors import InvalidInput
from community.extensions import db, execute_plain
from community.forum import broadcasts
from community.forum.models import Post, Thread, ThreadRead
from community.forum.moderation import POSTS
from community.groups import access as group_access
from community.groups.models import Group
from community.identity import alias_for
from community.transactions import atomic
from community.warnings.topics import clean_topic
from moderation import pipeline, queue
from moderation.pipeline import Review
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


def _submit(author: User, thread: Thread, body: str, *, anonymous: bool, opening: bool,
            warning: object = None) -> tuple[Post, Review]:  # fmt: skip
    warning = clean_topic(warning)
    if anonymous:
        alias_for("thread", thread.id, author.id)  # before the post is announced under it
    post = Post(thread=thread, author=author, body=body, is_anonymous=anonymous, is_opening=opening, warning=warning)
    return post, pipeline.submit(POSTS, post, author=author, group=thread.group)


@atomic
def start_thread(author: User, group: Group, title: str, body: str, *,
                 anonymous: bool = False, warning: object = None) -> tuple[Thread, Review]:  # fmt: skip
    """Open a thread in a group the author belongs to."""
    group_access.require_member(author, group)
    title, body = _clean_title(title), _clean_body(body)
    thread = Thread(group=group, title=title)
    db.session.add(thread)
    db.session.flush()  # its aliases are keyed by its id
    _, review = _submit(author, thread, body, anonymous=anonymous, opening=True, warning=warning)
    return thread, review


@atomic
def add_reply(author: User, thread: Thread, body: str, *, anonymous: bool = False,
              warning: object = None) -> tuple[Post, Review]:  # fmt: skip
    """Reply in a thread; readers of the thread see it live once it is published."""
    group_access.require_member(author, thread.group)
    return _submit(author, thread, _clean_body(body), anonymous=anonymous, opening=False, warning=warning)


@atomic
def edit_post(author: User, post: Post, body: str, *, title: str | None = None) -> Review:
    """The author rewrites their post (and an opening post's title); the edit is screened anew."""
    body = _clean_body(body)
    if post.is_opening and title is not None:
        post.thread.title = _clean_title(title)
    post.body, post.edited_at = body, utcnow()
    return pipeline.submit(POSTS, post, author=author, group=post.thread.group)


@atomic
def delete_post(author: User, post: Post) -> None:
    """Delete one's own post: its text is erased, a placeholder keeps the thread readable."""
    post.status = ContentStatus.DELETED
    post.body, post.body_html = "", ""
    queue.forget_text(POSTS, post)
    broadcasts.post_removed(post)


def block_author(viewer: User, post: Post) -> str:
    """Block a post's author as the thread shows them: by alias in this thread, or by account.
    The name blocked, for the page to say."""
    if post.is_anonymous:
        alias = alias_for("thread", post.thread_id, post.author_id)
        blocks.block_alias(viewer, post.author_id, place=THREAD, place_id=post.thread_id, alias=alias)
        return f"Anonymous {alias}"
    blocks.block(viewer, post.author_id)
    return post.author.display_name


@atomic
def mark_read(reader: User, thread: Thread, newest_shown: int, read_up_to: int | None) -> None:
    """Move the reader's marker to the newest post a page showed them; it never moves back.
    One upsert, so two tabs opening the thread at once both land."""
    if read_up_to is not None and newest_shown <= read_up_to:
        return
    values = {"user_id": reader.id, "thread_id": thread.id, "last_read_post_id": newest_shown, "updated_at": utcnow()}
    execute_plain(_move_marker(db.engine.dialect.name), values)  # thread_reads: watched by no page stamp


@functools.cache
def _move_marker(dialect_name: str):
    """The read marker's upsert, built once per database kind (both have ON CONFLICT)."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    columns = ("user_id", "thread_id", "last_read_post_id", "updated_at")
    upsert = dialect.insert(ThreadRead).values({name: sa.bindparam(name) for name in columns})
    return upsert.on_conflict_do_update(
        index_elements=[ThreadRead.user_id, ThreadRead.thread_id],
        set_={"last_read_post_id": upsert.excluded.last_read_post_id, "updated_at": upsert.excluded.updated_at},
        where=ThreadRead.last_read_post_id < upsert.excluded.last_read_post_id,
    )
