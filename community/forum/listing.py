"""A group's threads as a group page lists them: a page at a time, from one lean query.

A row needs a title, a byline, a reply count and a time, so the query selects those
columns and nothing else: no ORM objects, no post bodies, and no name at all for an
anonymous opener (the database hands back NULL in its place). Pages are keyset pages,
newest activity first: the cursor names the last row shown, so a page costs the same
however far back a member reads, and a thread bumped meanwhile is not shown twice on
one page.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from community.accounts.models import User
from community.errors import InvalidInput
from community.extensions import db
from community.forum.access import (
    BYLINE_COLUMNS,
    author_alias,
    listed_in,
    published_reply_count,
    row_byline,
    viewer_kind,
    viewer_param,
    viewer_params,
)
from community.forum.models import Post, Thread
from community.groups.models import Group
from community.identity import Alias, Byline

PAGE_SIZE = 20
_EPOCH = datetime(1970, 1, 1)
_ONE_MICROSECOND = timedelta(microseconds=1)


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


@functools.lru_cache(maxsize=32)  # kinds × cursor or not × the limits callers use
def _statement(kind: str, after_cursor: bool, limit: int):
    """The rows query for every viewer of ``kind`` (forum.access.viewer_kind), built once, as the
    thread page's is: parameters group_id, viewer_id, and with a cursor at and thread_id."""
    replies = published_reply_count()
    query = (
        sa.select(
            Thread.id,
            Thread.title,
            Thread.last_activity_at,
            replies.label("replies"),
            *BYLINE_COLUMNS,
        )
        .join(Post, sa.and_(Post.thread_id == Thread.id, Post.is_opening))
        .join(User, User.id == Post.author_id)
        .outerjoin(Alias, author_alias)
        .where(listed_in(sa.bindparam("group_id", type_=sa.Integer), viewer_param(kind), replies))
        .order_by(Thread.last_activity_at.desc(), Thread.id.desc())
    )
    if after_cursor:
        at, thread_id = sa.bindparam("at", type_=sa.DateTime), sa.bindparam("thread_id", type_=sa.Integer)
        query = query.where(sa.or_(Thread.last_activity_at < at,
                                   sa.and_(Thread.last_activity_at == at, Thread.id < thread_id)))  # fmt: skip
    return query.limit(limit + 1)


def _row(found, viewer: User | None) -> ThreadRow:
    return ThreadRow(found.id, found.title, found.last_activity_at, found.replies, row_byline(found, viewer))


def thread_rows(group: Group, viewer: User | None, *, before: str | None = None,
                limit: int = PAGE_SIZE) -> ThreadPage:  # fmt: skip
    """One page of the group's threads that ``viewer`` may see, after the row ``before`` names."""
    params = {"group_id": group.id, **viewer_params(viewer)}
    if before is not None:
        params["at"], params["thread_id"] = _parse_cursor(before)
    found = db.session.execute(_statement(viewer_kind(viewer), before is not None, limit), params).all()
    rows = [_row(f, viewer) for f in found[:limit]]
    return ThreadPage(rows, _cursor(found[limit - 1]) if len(found) > limit else None)
