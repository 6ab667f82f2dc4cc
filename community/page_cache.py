"""Pages as visitors see them, rendered once and kept until a write changes what they show.

Every visitor (no session cookie) sees the same group page and the same thread page, so the
rendered body is kept in this process, keyed by path and query, beside the *stamps* it was
rendered under: one token per thing the page shows ("thread:7", "group:anxiety") and one for
everything ("all"). A write changes the tokens of what it touched; a page kept under an old
token is never served again. The tokens (community.page_tokens) live in Redis when REDIS_URL is
set, so a write on one process retires the pages every other process kept; in this process otherwise.

Which writes touch which stamps is declared once per table with ``watch`` (community/
page_stamps.py), and found at the one place every write passes: the database session. Changed
rows are noted at each flush, bulk UPDATE/DELETE/INSERT statements on a watched table touch
"all", and the tokens change after the commit (as community.realtime sends events then): a
request that read the tokens before the commit stores its page under the old ones, which
nobody asks for any more, so a hidden post is not shown again once the write has committed.

While Redis is away, this process keeps tokens of its own and keeps pages for a few seconds
only (another process's write cannot reach it then); a write it could not announce retires
every page on every process ("all") once Redis answers again.

A signed-in member's page is theirs alone, so it is kept for them alone (``for_member``): keyed by
the path, their id and the session's raw CSRF token (the page embeds a token signed from it, so
another session of theirs gets a page of its own), under the page's stamps and the member's own
("member:<id>"), which every write to what they alone see touches (page_stamps.py lists them). The
view runs its access check before asking: a kept page is never a way past it. MEMBER_PAGE_CACHE
turns this off without touching visitors' pages.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Response, current_app, g, has_app_context, make_response, request, session
from sqlalchemy.orm import Session

from community import shared_state
from community.lru import LRU, kept_for_app, key_size
from community.page_tokens import EVERYTHING, MemoryStamps, RedisStamps

# Kept pages also show things no write changes: a Q&A session scheduled for 20:00 is "upcoming"
# until then. A minute bounds that; writes retire pages at once.
MAX_AGE_SECONDS = 60.0
# Without Redis to hear other processes' writes, a page is kept this long at most.
FALLBACK_AGE_SECONDS = 3.0
# Per process; query strings are part of the key, so the count must be bounded.
MAX_PAGES = 1024
# A member's kept pages, per process: a group page is about 9 KB, a thread page of 20 posts about
# 32 KB, so this keeps them near 35 MB; a page outlives its minute only if it is re-read anyway.
MAX_MEMBER_PAGES = 1024
# And by size, each of the two: a thread page of 20 long posts (20,000 characters each) is 400 KB,
# and 1,024 of those would be 400 MB in one worker. 48 MB keeps 1,024 ordinary pages, or 120 long.
MAX_PAGE_BYTES = 48 * 1024 * 1024
_PENDING = "kindred.pending_page_stamps"
_EXTENSION = "kindred_page_cache"
_MEMBER_EXTENSION = "kindred_member_pages"
# A bulk statement may say which stamps it touches (execution_options(page_stamps=[...])): one
# that names a single member's rows need not retire every page. Without it, it retires them all.
STAMPS_OPTION = "page_stamps"
_DONT_KEEP = "kindred_page_not_kept"


def stamp(kind: str, key: object) -> str:
    """The name of one thing a page shows: ``stamp("thread", 7)`` is "thread:7"."""
    return f"{kind}:{key}"


def member_stamps(*user_ids: int) -> list[str]:
    """What every write to what these members alone see on their pages touches (page_stamps.py)."""
    return [stamp("member", user_id) for user_id in user_ids]


def members_only(*user_ids: int) -> dict[str, list[str]]:
    """Execution options for a bulk statement on these members' own rows alone (a table whose
    watch touches only member_stamps): it retires their pages, not every page."""
    return {STAMPS_OPTION: member_stamps(*user_ids)}


# --- which writes touch which stamps ------------------------------------------------------


@dataclass(frozen=True)
class _Watch:
    stamps: Callable[[Session, object], Iterable[str]]
    columns: frozenset[str] | None  # a changed row counts only when one of these changed
    inserts: bool  # False: a new row shows on no page until other rows point at it


_WATCHED: dict[type, list[_Watch]] = {}
_WATCHED_TABLES: set[str] = set()


def watch(model: type, stamps: Callable[[Session, object], Iterable[str]], *, columns: Iterable[str] = (),
          inserts: bool = True) -> None:  # fmt: skip
    """Rows of ``model`` added (unless ``inserts`` is False), deleted or changed (in ``columns``, when
    given) touch ``stamps(session, row)``. A model may be watched several times, for different pages."""
    _WATCHED.setdefault(model, []).append(_Watch(stamps, frozenset(columns) or None, inserts))
    _WATCHED_TABLES.add(model.__table__.name)


def stamps_of(session: Session, row) -> list[str] | None:
    """What a write to ``row`` touches, whichever columns change; None when its table is not watched.
    For a bulk UPDATE of one known row (STAMPS_OPTION), which the flush never sees."""
    watches = _WATCHED.get(type(row))
    return [name for watched in watches for name in watched.stamps(session, row)] if watches else None


def _pending(session: Session) -> set[str]:
    return session.info.setdefault(_PENDING, set())


def _changed(row, columns: frozenset[str] | None) -> bool:
    state = sa.inspect(row)
    names = columns if columns is not None else [attr.key for attr in state.mapper.column_attrs]
    return any(state.attrs[name].history.has_changes() for name in names)


@sa.event.listens_for(Session, "after_flush")
def _note_flushed_rows(session: Session, _context) -> None:
    if not _WATCHED:
        return
    touched = _pending(session)
    for row in session.new:
        for watched in _WATCHED.get(type(row), ()):
            if watched.inserts:
                touched.update(watched.stamps(session, row))
    for row in session.deleted:
        for watched in _WATCHED.get(type(row), ()):
            touched.update(watched.stamps(session, row))
    for row in session.dirty:
        for watched in _WATCHED.get(type(row), ()):
            if _changed(row, watched.columns):
                touched.update(watched.stamps(session, row))


@sa.event.listens_for(Session, "do_orm_execute")
def _note_bulk_writes(state) -> None:
    # A bulk statement names no rows one could map to pages: it retires every page, unless it says
    # which stamps it touches (STAMPS_OPTION).
    if (state.is_update or state.is_delete or state.is_insert) and _table_name(state.statement) in _WATCHED_TABLES:
        _pending(state.session).update(state.execution_options.get(STAMPS_OPTION) or (EVERYTHING,))


def _table_name(statement) -> str | None:
    table = getattr(statement, "table", None)
    return getattr(table, "name", None)


@sa.event.listens_for(Session, "after_commit")
def _retire_touched_pages(session: Session) -> None:
    touched = session.info.pop(_PENDING, None)
    if touched and has_app_context():
        _stamps().change(touched)


@sa.event.listens_for(Session, "after_rollback")
def _forget_touched(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _stamps() -> MemoryStamps | RedisStamps:
    return shared_state.per_app("kindred_page_stamps", redis=RedisStamps, memory=MemoryStamps)


# --- the pages -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Page:
    tokens: tuple[str, ...]
    kept_at: float
    max_age: float
    body: bytes
    mimetype: str


def _weight(key: Hashable, page: _Page) -> int:
    return len(page.body) + key_size(key)


class PageCache:
    """Rendered pages of this process, least recently used first out."""

    def __init__(self, max_pages: int = MAX_PAGES, max_bytes: int = MAX_PAGE_BYTES) -> None:
        self._pages: LRU[_Page] = LRU(max_pages, max_bytes=max_bytes, weigh=_weight)

    def get(self, key: Hashable, tokens: tuple[str, ...]) -> _Page | None:
        page = self._pages.get(key)
        if page is None or page.tokens != tokens or time.monotonic() - page.kept_at > page.max_age:
            return None
        return page

    def keep(self, key: Hashable, tokens: tuple[str, ...], shared: bool, body: bytes, mimetype: str) -> None:
        """Keep a page under the tokens it was rendered under; for a few seconds only when the tokens
        are this process's own (``shared`` False: Redis away, another process's write can't reach it)."""
        max_age = MAX_AGE_SECONDS if shared else FALLBACK_AGE_SECONDS
        self._pages.put(key, _Page(tokens, time.monotonic(), max_age, body, mimetype))


def _pages() -> PageCache | None:
    """This app's kept pages; None when PAGE_CACHE is off (every page rendered afresh)."""
    return kept_for_app(_EXTENSION, "PAGE_CACHE", PageCache)


def _member_pages() -> PageCache | None:
    """This app's members' kept pages; None when MEMBER_PAGE_CACHE (or PAGE_CACHE) is off."""
    if not current_app.config.get("PAGE_CACHE", True):
        return None
    return kept_for_app(_MEMBER_EXTENSION, "MEMBER_PAGE_CACHE", lambda: PageCache(MAX_MEMBER_PAGES))


def dont_keep() -> None:
    """This request's page is not to be kept: it was made from something a stamp does not cover
    (the database went away while the header was read; a read marker moved)."""
    setattr(g, _DONT_KEEP, True)


def _is_plain_visit() -> bool:
    """A GET from someone with no session: no cookie Flask or Flask-Login would read, no credentials.
    Such a request is always anonymous, so no user is loaded to find that out."""
    config = current_app.config
    cookies = request.cookies
    return (
        request.method == "GET"
        and config["SESSION_COOKIE_NAME"] not in cookies
        and config.get("REMEMBER_COOKIE_NAME", "remember_token") not in cookies
        and "Authorization" not in request.headers
    )


# What a visitor's session holds after a page that made a form it did not show: Flask-WTF makes a
# CSRF token when a form is built, and Flask-Login's strong protection then marks the session.
_UNSHOWN_FORM_KEYS = frozenset({"csrf_token", "_remember"})


def _forget_unshown_form_token(body: bytes) -> None:
    """A visitor's page that shows no form needs no session: without this, a token for a form the
    page leaves out (the reply box is for members) would give every visitor a cookie, and the page
    would be theirs alone."""
    if session and set(session) <= _UNSHOWN_FORM_KEYS and b"csrf_token" not in body:
        session.clear()
        session.modified = False


def _may_keep(response: Response) -> bool:
    # A page that set a cookie or flashed a message is that visitor's alone.
    return "Set-Cookie" not in response.headers and not session.modified and not session


def _may_keep_for_member(response: Response) -> bool:
    # A page that set a cookie, changed the session (a flashed message shown, a new CSRF token
    # made, Flask-Login's protection) or was made from something no stamp covers is this one's alone.
    return "Set-Cookie" not in response.headers and not session.modified and not g.get(_DONT_KEEP, False)


def for_visitors(stamps_of: Callable[..., Iterable[str]], *, query: Iterable[str] = ()):
    """Serve a view's page to visitors from the cache while ``stamps_of(**view_args)`` are unchanged.

    ``query``: the query arguments the page depends on. A request with any other is rendered and
    not kept, so made-up query strings cannot push the real pages out of the cache.
    """
    known = frozenset(query)

    def wrap(view):
        @functools.wraps(view)
        def wrapper(**view_args):
            if not _is_plain_visit():
                return view(**view_args)
            pages = _pages()
            if pages is None or not known.issuperset(request.args):
                return _render_for_visitor(view, view_args)[0]
            tokens, shared = _stamps().read((EVERYTHING, *stamps_of(**view_args)))
            key = request.full_path
            if (page := pages.get(key, tokens)) is not None:
                return Response(page.body, mimetype=page.mimetype)
            response, body = _render_for_visitor(view, view_args)
            if body is not None and _may_keep(response):
                pages.keep(key, tokens, shared, body, response.mimetype)
            return response

        return wrapper

    return wrap


def _render_for_visitor(view, view_args: dict) -> tuple[Response, bytes | None]:
    """The view's response, and its body when it is a page (200, not streamed)."""
    response = make_response(view(**view_args))
    if response.status_code != 200 or response.direct_passthrough:
        return response, None
    body = response.get_data()
    _forget_unshown_form_token(body)
    return response, body


@dataclass(frozen=True)
class MemberAsk:
    """A member's page as asked for, before anything it shows is read (``member_ask``)."""

    viewer: object
    pages: PageCache | None  # None: render it, keep nothing
    tokens: tuple[str, ...] = ()
    shared: bool = False


def member_ask(viewer, stamps: Iterable[str], *, query: Iterable[str] = ()) -> MemberAsk:
    """The page's and ``viewer``'s stamps, read first thing in the view, before the access check or
    anything else the page shows: a write that lands after this retires whatever is rendered next.

    Only a signed-in member's plain GET with no query arguments but ``query`` and no message waiting
    to be flashed is looked up; anything else, and a visitor, is rendered and not kept.
    """
    pages = _member_pages() if viewer.is_authenticated else None
    if (pages is None or request.method != "GET" or not frozenset(query).issuperset(request.args)
            or "_flashes" in session):  # fmt: skip
        return MemberAsk(viewer, None)
    tokens, shared = _stamps().read((EVERYTHING, *member_stamps(viewer.id), *stamps))
    return MemberAsk(viewer, pages, tokens, shared)


def for_member(ask: MemberAsk, key: tuple, render: Callable[[], object]) -> Response:
    """``render()``'s page, kept for the member who asked while the stamps read in ``ask`` and ``key``
    (what else the page is made from, read before this and not covered by a stamp) are unchanged.

    The caller has loaded the member (Flask-Login, on every request) and run the page's access
    check, after ``member_ask``: this only spares the rendering.
    """
    pages = ask.pages
    if pages is None:
        return make_response(render())
    # The page embeds a CSRF token signed from the session's raw one: another session, another page.
    page_key = (request.full_path, ask.viewer.id, session.get("csrf_token"), *key)
    if (page := pages.get(page_key, ask.tokens)) is not None:
        return Response(page.body, mimetype=page.mimetype)
    response = make_response(render())
    if response.status_code == 200 and not response.direct_passthrough and _may_keep_for_member(response):
        pages.keep(page_key, ask.tokens, ask.shared, response.get_data(), response.mimetype)
    return response
