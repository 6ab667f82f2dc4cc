"""A group's threads as a group page lists them: a page at a time, from one lean query.

A row needs a title, a byline, a reply count and a time, so the query selects those
columns and nothing else: no ORM objects, no post bodies, and no name at all for an
anonymous opener (the database hands back NULL in its place). Pages are keyset pages,
newest activity first: the cursor names the last row shown, so a page costs the same
however far back a member reads, and a thread bumped meanwhile is not shown twice on
one page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from community.accounts.models import Role, User
from community.errors import InvalidInput
from community.extensions import db
from community.forum.access import listed_in, published_reply_count
from community.forum.models import Post, Thread
from community.groups.models import Group
from community.identity import Alias, Byline, byline

PAGE_SIZE = 20
_EPOCH = datetime(1970, 1, 1)
_ONE_MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True)
class _Author:
    """What a byline shows of a named author."""

    display_name: str
    username: str
    role: Role
    credential: str | None


@dataclass(frozen=True)
class _Opening:
    """An opening post as far as its byline goes (identity.byline reads these three)."""

    author_id: int
    is_anonymous: bool
    author: _Author | None  # None when anonymous: the name was never loaded


@dataclass(frozen=True)
class ThreadRow:
    id: int
    title: str
    last_activity_at: datetime
    replies: int
    byline: Byline


@dataclass(frozen=True)
class ThreadPage:
    rows: list[ThreadRow]
    older: str | None  # the cursor of the next page, or None on the last one


def _cursor(row) -> str:
    return f"{(row.last_activity_at - _EPOCH) // _ONE_MICROSECOND}.{row.id}"


def _parse_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        micros, thread_id = (int(part) for part in cursor.split("."))
        return _EPOCH + micros * _ONE_MICROSECOND, thread_id
    except (ValueError, OverflowError):
        raise InvalidInput("We couldn't find that page of threads. Start again from the group's page.") from None


_opener_alias = sa.and_(Alias.scope == "thread", Alias.place_id == Thread.id, Alias.user_id == Post.author_id)


def _unless_anonymous(column):
    return sa.case((Post.is_anonymous, sa.null()), else_=column)


def _query(group: Group, viewer: User | None, replies):
    return (
        sa.select(
            Thread.id,
            Thread.title,
            Thread.last_activity_at,
            replies.label("replies"),
            Post.author_id,
            Post.is_anonymous,
            Alias.alias,
            _unless_anonymous(User.display_name).label("display_name"),
            _unless_anonymous(User.username).label("username"),
            _unless_anonymous(User.role).label("role"),
            _unless_anonymous(User.credential).label("credential"),
        )
        .join(Post, sa.and_(Post.thread_id == Thread.id, Post.is_opening))
        .join(User, User.id == Post.author_id)
        .outerjoin(Alias, _opener_alias)
        .where(listed_in(group, viewer, replies))
        .order_by(Thread.last_activity_at.desc(), Thread.id.desc())
    )


def _row(found, viewer: User | None) -> ThreadRow:
    author = None if found.is_anonymous else _Author(found.display_name, found.username, found.role, found.credential)
    opening = _Opening(found.author_id, found.is_anonymous, author)
    names = {found.author_id: found.alias} if found.alias else {}
    return ThreadRow(found.id, found.title, found.last_activity_at, found.replies, byline(opening, names, viewer))


def thread_rows(group: Group, viewer: User | None, *, before: str | None = None,
                limit: int = PAGE_SIZE) -> ThreadPage:  # fmt: skip
    """One page of the group's threads that ``viewer`` may see, after the row ``before`` names."""
    query = _query(group, viewer, published_reply_count())
    if before is not None:
        at, thread_id = _parse_cursor(before)
        query = query.where(sa.or_(Thread.last_activity_at < at,
                                   sa.and_(Thread.last_activity_at == at, Thread.id < thread_id)))  # fmt: skip
    found = db.session.execute(query.limit(limit + 1)).all()
    rows = [_row(f, viewer) for f in found[:limit]]
    return ThreadPage(rows, _cursor(found[limit - 1]) if len(found) > limit else None)
