"""The one funnel for reading the forum: which threads and posts a viewer may see.

Held and rejected posts are seen by their author and by listeners, by nobody
else; a thread whose opening post is not published is hidden the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import aliased, contains_eager, joinedload

from community.accounts.models import Role, User
from community.blocks import access as blocks
from community.errors import NotFound
from community.extensions import db
from community.forum.models import Post, Thread, ThreadRead
from community.groups import access as group_access
from community.groups.models import Group, Membership
from community.identity import Alias, Byline, aliases_by_place, byline, parse_id
from moderation.status import ContentStatus

# Shown as a placeholder, so the replies around them still make sense.
_TOMBSTONES = (ContentStatus.REMOVED, ContentStatus.DELETED)


@dataclass(frozen=True, eq=False)
class ViewerParam:
    """Stands in for a viewer while a statement is built once for every viewer of a kind
    (``viewer_kind``): the conditions below read their id as the bound parameter "viewer_id"."""

    is_listener: bool
    is_authenticated: bool = True
    id: sa.BindParameter = field(default_factory=lambda: sa.bindparam("viewer_id", type_=sa.Integer))


def viewer_kind(viewer: User | None) -> str:
    """What the read conditions depend on besides the viewer's id: visitor, member or listener."""
    if viewer is None or not viewer.is_authenticated:
        return "visitor"
    return "listener" if viewer.is_listener else "member"


def viewer_param(kind: str) -> ViewerParam | None:
    return None if kind == "visitor" else ViewerParam(is_listener=kind == "listener")


def viewer_params(viewer: User | None) -> dict[str, int]:
    """The "viewer_id" a statement built with ``viewer_param`` needs (none for a visitor)."""
    return {} if viewer_kind(viewer) == "visitor" else {"viewer_id": viewer.id}


def _viewer_id(viewer: User | None) -> int | None:
    return viewer.id if viewer is not None and viewer.is_authenticated else None


def _sees_held(viewer: User | None) -> bool:
    return bool(viewer is not None and viewer.is_authenticated and viewer.is_listener)


def visible_filter(viewer: User | None, post=Post):
    """SQL condition: the posts (``post``: Post or an alias of it) this viewer may see, placeholders included."""
    shown = post.status.in_([ContentStatus.PUBLISHED, *_TOMBSTONES])
    if _sees_held(viewer):
        return sa.true()
    if (viewer_id := _viewer_id(viewer)) is not None:
        return sa.or_(shown, post.author_id == viewer_id)
    return shown


def published_reply_count():
    """SQL: how many published replies the enclosing query's thread has."""
    return (
        sa.select(sa.func.count(Post.id))
        .where(Post.thread_id == Thread.id, ~Post.is_opening, Post.status == ContentStatus.PUBLISHED)
        .correlate(Thread)
        .scalar_subquery()
    )


def listed_in(group: Group | sa.BindParameter, viewer: User | None, replies):
    """SQL condition: the thread is one of ``group``'s (or the group id parameter's) that ``viewer``
    sees listed (its opening post joined as Post; ``replies`` its published_reply_count). A thread
    whose opening post is gone stays listed while replies keep it alive."""
    group_id = group if isinstance(group, sa.BindParameter) else group.id
    return sa.and_(Thread.group_id == group_id, visible_filter(viewer), not_blocked(viewer),
                   sa.or_(Post.status.not_in(_TOMBSTONES), replies > 0))  # fmt: skip


# Where the viewer stands in the thread, read with it (NULL viewer_id for a visitor: neither).
_VIEWER_ID = sa.bindparam("viewer_id", type_=sa.Integer)
_IS_MEMBER = sa.exists().where(Membership.user_id == _VIEWER_ID, Membership.group_id == Thread.group_id)
_READ_UP_TO = (
    sa.select(ThreadRead.last_read_post_id).where(ThreadRead.user_id == _VIEWER_ID, ThreadRead.thread_id == Thread.id)
    .correlate(Thread).scalar_subquery()
)  # fmt: skip

# Every thread page runs it: built once, with the thread and the viewer as parameters.
_THREAD_WITH_OPENING = (
    sa.select(Thread, Post, _IS_MEMBER.label("is_member"), _READ_UP_TO.label("read_up_to"))
    .join(Post, sa.and_(Post.thread_id == Thread.id, Post.is_opening))
    .options(joinedload(Thread.group), contains_eager(Thread.opening))
    .where(Thread.id == sa.bindparam("thread_id", type_=sa.BigInteger))
)


@dataclass(frozen=True)
class ThreadVisit:
    """A thread the viewer may read, and where they stand in it, read in one statement."""

    thread: Thread
    is_member: bool  # of the thread's group, as of this request
    read_up_to: int | None  # their read marker (forum.models.ThreadRead); None for a visitor or a first visit


def visit_thread(viewer: User | None, thread_id: object) -> ThreadVisit:
    """The thread, if ``viewer`` may read it (a missing thread and a hidden one look alike)."""
    if (thread_id := parse_id(thread_id)) is None:
        raise NotFound("We couldn't find that thread.")
    viewer_id = _viewer_id(viewer)
    row = db.session.execute(_THREAD_WITH_OPENING, {"thread_id": thread_id, "viewer_id": viewer_id}).first()
    if row is None:
        raise NotFound("We couldn't find that thread.")
    thread, opening, is_member, read_up_to = row
    is_member = viewer_id is not None and bool(is_member)
    if not _opening_visible(opening, viewer) or not group_access.can_read(viewer, thread.group, member=is_member):
        raise NotFound("We couldn't find that thread.")
    return ThreadVisit(thread, is_member, read_up_to if viewer_id is not None else None)


def get_readable_thread(viewer: User | None, thread_id: object) -> Thread:
    return visit_thread(viewer, thread_id).thread


def _opening_visible(opening: Post, viewer: User | None) -> bool:
    if opening.status is ContentStatus.PUBLISHED or _sees_held(viewer):
        return True
    if opening.status in _TOMBSTONES:
        # A thread whose opening post is gone lives on while others' replies are in it.
        return _has_published_replies(opening.thread_id)
    return opening.author_id == _viewer_id(viewer)


def _has_published_replies(thread_id: int) -> bool:
    return db.session.scalar(sa.select(sa.exists().where(
        Post.thread_id == thread_id, ~Post.is_opening, Post.status == ContentStatus.PUBLISHED
    )))  # fmt: skip


def get_own_post(viewer: User, post_id: int) -> Post:
    """A post its author may edit or delete; anyone else's looks missing."""
    post = db.session.get(Post, post_id, options=[joinedload(Post.thread).joinedload(Thread.group)])
    if post is None or post.author_id != viewer.id or post.status is ContentStatus.DELETED:
        raise NotFound("We couldn't find that post.")
    return post


def get_published_post(viewer: User, post_id: int) -> Post:
    """A published post in a thread the viewer may read (for reporting it)."""
    post = db.session.get(Post, post_id)
    if post is None or post.status is not ContentStatus.PUBLISHED:
        raise NotFound("We couldn't find that post.")
    get_readable_thread(viewer, post.thread_id)
    return post


def not_blocked(viewer: User | None, post=Post):
    """Named posts by blocked accounts, and anonymous ones by aliases blocked in their thread."""
    alias = (
        sa.select(Alias.alias)
        .where(Alias.scope == "thread", Alias.place_id == post.thread_id, Alias.user_id == post.author_id)
        .correlate(post)
        .scalar_subquery()
    )
    return blocks.not_blocked(post.author_id, viewer, anonymous=post.is_anonymous, place=blocks.THREAD,
                              place_id=post.thread_id, alias=alias)  # fmt: skip


def group_threads(group: Group, viewer: User | None, *, limit: int = 50) -> list[tuple[Thread, Post, int]]:
    """Threads of a group page, newest activity first: (thread, opening post, reply count)."""
    replies = published_reply_count()
    rows = db.session.execute(
        sa.select(Thread, Post, replies)
        .join(Post, sa.and_(Post.thread_id == Thread.id, Post.is_opening))
        .options(joinedload(Post.author))
        .where(listed_in(group, viewer, replies))
        .order_by(Thread.last_activity_at.desc(), Thread.id.desc())
        .limit(limit)
    )
    return [(thread, opening, count) for thread, opening, count in rows]


def threads_with_aliases(group: Group, viewer: User | None) -> list[tuple[Thread, Post, int, dict[int, str]]]:
    """The group's threads and, in one more query, the aliases of their anonymous openers."""
    rows = group_threads(group, viewer)
    names = aliases_by_place("thread", [thread.id for thread, _, _ in rows])
    return [(thread, opening, replies, names.get(thread.id, {})) for thread, opening, replies in rows]


def named_posts_by(author: User, viewer: User | None, *, limit: int = 30) -> list[Post]:
    """A profile's posts: published, signed with the name, in groups the viewer may read."""
    posts = db.session.scalars(
        sa.select(Post)
        .options(joinedload(Post.thread).joinedload(Thread.group))
        .where(Post.author_id == author.id, ~Post.is_anonymous, Post.status == ContentStatus.PUBLISHED)
        .order_by(Post.id.desc())
        .limit(limit)
    )
    return [p for p in posts if group_access.can_read(viewer, p.thread.group)]


def searchable(viewer: User | None):
    """SQL condition on Post (its Thread and Group joined): a post that search may show ``viewer``.

    Published only, whoever asks (never held, rejected, removed or deleted, not even to its
    author or a listener); in a thread the viewer may open (its opening post published, or
    gone while published replies keep it alive, this one among them); in a group the viewer
    may read; and not by anyone the viewer blocked, as the thread page hides them.
    """
    opening = aliased(Post)
    thread_open = sa.exists().where(opening.thread_id == Post.thread_id, opening.is_opening,
                                    opening.status.in_([ContentStatus.PUBLISHED, *_TOMBSTONES]))  # fmt: skip
    return sa.and_(Post.status == ContentStatus.PUBLISHED, thread_open, group_access.readable_groups(viewer),
                   not_blocked(viewer))  # fmt: skip


# -- bylines from lean rows: a list selects the byline's columns, never an anonymous author's name --


@dataclass(frozen=True)
class Author:
    """What a byline shows of a named author."""

    display_name: str
    username: str
    role: Role
    credential: str | None


@dataclass(frozen=True)
class _Signed:
    """A post as far as its byline goes (identity.byline reads these three)."""

    author_id: int
    is_anonymous: bool
    author: Author | None  # None when anonymous: the name was never loaded


def _unless_anonymous(column):
    return sa.case((Post.is_anonymous, sa.null()), else_=column)


# Join User on Post.author_id and outer-join Alias on this, then select BYLINE_COLUMNS.
author_alias = sa.and_(Alias.scope == "thread", Alias.place_id == Post.thread_id, Alias.user_id == Post.author_id)
BYLINE_COLUMNS = (
    Post.author_id,
    Post.is_anonymous,
    Alias.alias,
    _unless_anonymous(User.display_name).label("display_name"),
    _unless_anonymous(User.username).label("username"),
    _unless_anonymous(User.role).label("role"),
    _unless_anonymous(User.credential).label("credential"),
)


def row_author(found) -> Author | None:
    """The named author of a row that selected BYLINE_COLUMNS; None when it is anonymous."""
    return None if found.is_anonymous else Author(found.display_name, found.username, found.role, found.credential)


def row_byline(found, viewer: User | None) -> Byline:
    """The byline of a row that selected BYLINE_COLUMNS, as the thread page shows it."""
    author = row_author(found)
    names = {found.author_id: found.alias} if found.alias else {}
    return byline(_Signed(found.author_id, found.is_anonymous, author), names, viewer)
