"""Search: one function, ``search(viewer, query, page)``, whichever database holds the posts.

The matching and the snippets are the database's (PostgreSQL full-text search or SQLite
FTS5, community/search/models.py); which posts may match is the forum's own rule
(forum.access.searchable), so search shows nothing the thread page would not. Only
posts.search_text is searched: the words readers see, never an author's name, so an
anonymous post cannot be found by who wrote it.

Snippets come back from the database with two control characters around each match
(characters no stored text can contain: community/input_guard refuses them). The snippet is
escaped whole and only then are those two turned into <mark>: the only markup in a snippet
is the server's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from markupsafe import Markup, escape

from community.accounts.models import User
from community.errors import InvalidInput
from community.extensions import db
from community.forum.access import BYLINE_COLUMNS, author_alias, row_byline, searchable
from community.forum.models import Post, Thread
from community.groups.models import Group
from community.identity import Alias, Byline
from community.search.models import CONFIG, FTS_TABLE

MAX_QUERY_CHARS = 200
PAGE_SIZE = 20
MAX_PAGE = 25  # 500 matches: past that, more words find it sooner than more pages
_START, _STOP = "\x02", "\x03"
_ELLIPSIS = "…"


@dataclass(frozen=True)
class Result:
    post_id: int
    thread_id: int
    thread_title: str
    group_name: str
    is_opening: bool
    created_at: datetime
    byline: Byline
    warning: str | None  # a post folded behind a content warning shows no snippet
    snippet: Markup


@dataclass(frozen=True)
class SearchPage:
    query: str
    page: int
    results: list[Result]
    has_next: bool


def clean_query(query: object) -> str:
    """The query as searched: whitespace collapsed; an over-long one is refused (400)."""
    query = " ".join(query.split()) if isinstance(query, str) else ""
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidInput(f"A search can be up to {MAX_QUERY_CHARS} characters. Try fewer words.")
    return query


def search(viewer: User | None, query: str, page: int = 1) -> SearchPage:
    """One page of the posts ``viewer`` may read that match ``query``, best matches first."""
    query = clean_query(query)
    if not 1 <= page <= MAX_PAGE:
        raise InvalidInput(f"Search shows up to {MAX_PAGE} pages. Add a word to narrow it down.")
    statement = (_postgresql if db.engine.dialect.name == "postgresql" else _sqlite)(query) if query else None
    if statement is None:
        return SearchPage(query, page, [], False)
    found = db.session.execute(
        statement.add_columns(
            Post.id,
            Post.thread_id,
            Post.is_opening,
            Post.created_at,
            Post.warning,
            Thread.title,
            Group.name,
            *BYLINE_COLUMNS,
        )  # fmt: skip
        .join(Thread, Thread.id == Post.thread_id)
        .join(Group, Group.id == Thread.group_id)
        .join(User, User.id == Post.author_id)
        .outerjoin(Alias, author_alias)
        .where(searchable(viewer))
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    ).all()
    results = [_result(row, viewer) for row in found[:PAGE_SIZE]]
    return SearchPage(query, page, results, has_next=len(found) > PAGE_SIZE)


def _result(row, viewer: User | None) -> Result:
    snippet = Markup("") if row.warning else highlight(row.snippet)
    return Result(row.id, row.thread_id, row.title, row.name, row.is_opening, row.created_at,
                  row_byline(row, viewer), row.warning, snippet)  # fmt: skip


def highlight(snippet: str) -> Markup:
    """A snippet with the database's match markers as <mark>, everything else escaped."""
    pieces = re.split(f"([{_START}{_STOP}])", snippet or "")
    html, inside = [], False
    for piece in pieces:
        if piece in (_START, _STOP):
            if (piece == _START) != inside:  # a marker out of turn is dropped
                html.append(Markup("<mark>") if piece == _START else Markup("</mark>"))
                inside = not inside
        else:
            html.append(escape(piece))
    if inside:
        html.append(Markup("</mark>"))
    return Markup("").join(html)


# -- PostgreSQL: websearch_to_tsquery, ts_rank, ts_headline ---------------------------

# The literal configuration (not a bound parameter), so the planner matches the GIN index's expression.
_config = sa.literal_column(f"'{CONFIG}'::regconfig")
_HEADLINE = (
    f'StartSel={_START}, StopSel={_STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" {_ELLIPSIS} "'
)


def _postgresql(query: str):
    document = sa.func.to_tsvector(_config, Post.search_text)
    terms = sa.func.websearch_to_tsquery(_config, query)
    return (
        sa.select(sa.func.ts_headline(_config, Post.search_text, terms, _HEADLINE).label("snippet"))
        .select_from(Post)
        .where(document.bool_op("@@")(terms))
        .order_by(sa.func.ts_rank(document, terms).desc(), Post.id.desc())
    )


# -- SQLite: FTS5 MATCH, bm25, snippet ----------------------------------------------------

_fts = sa.table(FTS_TABLE, sa.column("rowid"))
_TERM = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')


def fts5_query(query: str) -> str | None:
    """The member's words in FTS5's syntax, as websearch_to_tsquery reads them on PostgreSQL:
    words all present, "quoted phrases", -excluded words, ``or`` between alternatives. Every
    term is quoted, so no input is an FTS5 syntax error. None when nothing is left to find."""
    groups: list[list[str]] = [[]]
    excluded: list[str] = []
    for match in _TERM.finditer(query):
        negative, words = (match.group(1), match.group(2)) if match.group(2) is not None else match.group(3, 4)
        words = " ".join(re.findall(r"\w+", words))
        if not words:
            continue
        if words.casefold() == "or" and not negative and not match.group(2):
            groups.append([])
        elif negative:
            excluded.append(f'"{words}"')
        else:
            groups[-1].append(f'"{words}"')
    alternatives = [" ".join(terms) for terms in groups if terms]
    if not alternatives:
        return None
    found = " OR ".join(f"({terms})" for terms in alternatives)
    return f"({found})" + "".join(f" NOT {term}" for term in excluded)


def _sqlite(query: str):
    terms = fts5_query(query)
    if terms is None:
        return None
    table = sa.literal_column(FTS_TABLE)
    return (
        sa.select(sa.func.snippet(table, 0, _START, _STOP, _ELLIPSIS, 24).label("snippet"))
        .select_from(Post)
        .join(_fts, _fts.c.rowid == Post.id)
        .where(sa.text(f"{FTS_TABLE} MATCH :terms").bindparams(terms=terms))
        .order_by(sa.func.bm25(table), Post.id.desc())
    )
