"""A thread's posts a page at a time, and where a member opens it.

Pages are keyset pages by post id (ids grow with time): "Older posts" asks for the posts
before the page's first, "Newer posts" for those after its last, so a page costs the same
however long the thread, and a reply arriving meanwhile moves nothing. One query fetches a
page and, in the same statement, whether there is more on its other side.

Where a thread opens: a returning member on the newest page when it holds every post they
have not been shown (their read marker, forum.models.ThreadRead), with what they read above
for context, or else at their first unread post; a visitor, or a member on their first
visit, at the top.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from werkzeug.datastructures import MultiDict

from community.accounts.models import User
from community.errors import InvalidInput
from community.extensions import execute_plain
from community.forum.access import (
    BYLINE_COLUMNS,
    Author,
    ViewerParam,
    author_alias,
    not_blocked,
    row_author,
    viewer_kind,
    viewer_param,
    viewer_params,
    visible_filter,
)
from community.forum.models import Post, Thread
from community.identity import Alias, parse_id
from moderation.status import ContentStatus

PAGE_SIZE = 50
POSITION_ARGS = ("after", "before", "post")


@dataclass(frozen=True)
class Position:
    """Which page a URL asks for: posts after an id, before an id, or ending at one post."""

    after: int | None = None
    before: int | None = None
    post: int | None = None  # a linked post: the page that ends with it

    @property
    def is_chosen(self) -> bool:
        return any(value is not None for value in (self.after, self.before, self.post))


@dataclass(frozen=True, slots=True)
class ShownPost:
    """A post as a thread page shows it, read as plain columns in the page's own query.

    Not an ORM object: loading twenty of those and their authors' whole account rows was the
    largest single part of a member's thread page. An anonymous post carries no author at all
    (the query returns no name for it), so nothing here can put one on the page.
    """

    id: int
    thread_id: int
    author_id: int
    is_opening: bool
    is_anonymous: bool
    status: ContentStatus
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    context_note: str | None
    warning: str | None
    author: Author | None  # what a byline shows of a named author; None when anonymous

    @property
    def is_published(self) -> bool:
        return self.status is ContentStatus.PUBLISHED


# What ShownPost holds besides its byline (access.BYLINE_COLUMNS), in its fields' order.
_POST_COLUMNS = (Post.id, Post.thread_id, Post.is_opening, Post.status, Post.body_html, Post.created_at,
                 Post.edited_at, Post.context_note, Post.warning)  # fmt: skip


def _shown_post(row) -> ShownPost:
    return ShownPost(
        row.id, row.thread_id, row.author_id, row.is_opening, row.is_anonymous, row.status,
        row.body_html, row.created_at, row.edited_at, row.context_note, row.warning, row_author(row),
    )  # fmt: skip


@dataclass(frozen=True)
class PostPage:
    posts: list[ShownPost]
    older: int | None  # ?before= for the previous page, or None on the first
    newer: int | None  # ?after= for the next page, or None on the last
    first_unread: int | None  # the post where "new since your last visit" begins
    # The thread's aliases of the page's authors, by member id (read in the page's own query).
    aliases: dict[int, str] = field(default_factory=dict)

    @property
    def is_last(self) -> bool:
        return self.newer is None


def parse_position(args: MultiDict) -> Position:
    """?after=, ?before= or ?post= (one of them, an id each); anything else is a clear 400."""
    given = {key: args.getlist(key) for key in POSITION_ARGS if key in args}
    if not given:
        return Position()
    (key, values), *others = given.items()
    value = values[0] if len(values) == 1 else ""
    number = parse_id(int(value)) if value.isascii() and value.isdigit() and len(value) <= 19 else None
    if others or number is None:
        raise InvalidInput("We couldn't find that page of the thread. Start again from its first page.")
    return Position(**{key: number})


def thread_page(thread: Thread, viewer: User | None, position: Position, read_up_to: int | None) -> PostPage:
    """The page ``position`` names, or where ``viewer`` opens the thread; posts oldest first."""
    page = _page_for(thread, viewer, position, read_up_to)
    if not page.posts and position.is_chosen:
        page = _window(thread, viewer)  # past the end: the newest posts
    unread = next((p.id for p in page.posts if p.id > read_up_to), None) if read_up_to else None
    return PostPage(page.posts, page.older, page.newer, unread, page.aliases)


def _page_for(thread: Thread, viewer: User | None, position: Position, read_up_to: int | None) -> PostPage:
    if position.after is not None:
        return _window(thread, viewer, after=position.after)
    if position.before is not None:
        return _window(thread, viewer, before=position.before)
    if position.post is not None:
        return _window(thread, viewer, before=position.post + 1)
    if not read_up_to:
        return _window(thread, viewer, after=0)  # a first visit starts at the top
    # Returning: the newest page, with what was read above the new posts, when it holds them all
    # (the common case, one query); a reader further behind opens at their first unread post.
    newest = _window(thread, viewer)
    if not newest.older or newest.posts[0].id <= read_up_to:
        return newest
    return _window(thread, viewer, after=read_up_to)


def _shown(thread_id, viewer: User | ViewerParam | None, post=Post):
    return sa.and_(post.thread_id == thread_id, visible_filter(viewer, post), not_blocked(viewer, post))


@functools.cache
def _window_statement(kind: str, where: str):
    """The page query for every viewer of ``kind`` (forum.access.viewer_kind), built once: its
    conditions are a few hundred SQLAlchemy objects, which cost more to build than to run. ``where``:
    "after" or "before" the parameter "at", or "newest". Parameters: thread_id, at, viewer_id."""
    viewer, other = viewer_param(kind), aliased(Post)
    thread_id, at = sa.bindparam("thread_id", type_=sa.Integer), sa.bindparam("at", type_=sa.BigInteger)
    if where == "after":
        bound, beyond, order = Post.id > at, other.id <= at, Post.id.asc()
    elif where == "before":
        bound, beyond, order = Post.id < at, other.id >= at, Post.id.desc()
    else:
        bound, beyond, order = sa.true(), sa.false(), Post.id.desc()
    more_beyond = sa.exists().where(_shown(thread_id, viewer, other), beyond).label("more_beyond")
    return (
        sa.select(*_POST_COLUMNS, *BYLINE_COLUMNS, more_beyond)
        .join(User, User.id == Post.author_id).outerjoin(Alias, author_alias)
        .where(_shown(thread_id, viewer), bound).order_by(order).limit(PAGE_SIZE + 1)
    )  # fmt: skip


def _window(thread: Thread, viewer: User | None, *, after: int | None = None, before: int | None = None) -> PostPage:
    """PAGE_SIZE posts after ``after`` (oldest first), or up to ``before`` (the newest page when
    neither), with whether more lie on the other side and their authors' aliases, in one statement."""
    where = "after" if after is not None else "before" if before is not None else "newest"
    params = {"thread_id": thread.id, **viewer_params(viewer)}
    if where != "newest":
        params["at"] = after if after is not None else before
    rows = execute_plain(_window_statement(viewer_kind(viewer), where), params).all()
    posts = [_shown_post(row) for row in rows[:PAGE_SIZE]]
    aliases = {row.author_id: row.alias for row in rows[:PAGE_SIZE] if row.alias is not None}
    full, beyond_too = len(rows) > PAGE_SIZE, bool(rows and rows[0].more_beyond)
    has_older, has_newer = (beyond_too, full) if after is not None else (full, beyond_too)
    if after is None:
        posts.reverse()
    return PostPage(posts, posts[0].id if has_older else None, posts[-1].id if has_newer else None, None, aliases)
