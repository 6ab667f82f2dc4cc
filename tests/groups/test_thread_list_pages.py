"""A group page lists threads a page at a time, newest activity first, for the same few queries."""

from __future__ import annotations

import re
from datetime import datetime

import sqlalchemy as sa

from community.extensions import db
from community.forum import service
from community.forum.listing import PAGE_SIZE
from community.forum.models import Thread
from tests.conftest import text
from tests.forum.test_query_count import counting_queries

MAX_QUERIES = 7
THREAD_LINK = re.compile(r'<h3><a href="/t/(\d+)">')
OLDER_LINK = re.compile(r'<a href="([^"]+)" rel="next">Older threads</a>')


def _start_threads(group, authors, count: int, *, first: int = 0) -> list[int]:
    """``count`` threads, openers taking turns and every third one anonymous; their ids, oldest first."""
    return [service.start_thread(authors[n % len(authors)], group, f"Thread number {n}", f"Opening post {n}",
                                 anonymous=n % 3 == 0)[0].id for n in range(first, first + count)]  # fmt: skip


def _listed(reader, url: str) -> tuple[list[int], str | None, str]:
    response = reader.get(url)
    assert response.status_code == 200
    page = text(response)
    older = OLDER_LINK.search(page)
    return [int(i) for i in THREAD_LINK.findall(page)], older and older.group(1), page


def _every_page(reader, slug: str) -> list[list[int]]:
    pages, url = [], f"/g/{slug}"
    while url:
        ids, url, _ = _listed(reader, url)
        pages.append(ids)
    return pages


def test_a_group_page_costs_the_same_few_queries_for_5_or_60_threads(sign_in, make_user, make_group, member_of):
    authors = [make_user(name, role) for name, role in (("ada", "member"), ("lee", "listener"), ("oka", "clinician"))]
    reader = sign_in("sam")
    counts = {}
    for threads in (5, 60):
        group = make_group()
        for author in authors:
            member_of(author, group)
        reader.post(f"/g/{group.slug}/join")
        _start_threads(group, authors, threads)
        db.session.expire_all()
        with counting_queries() as statements:
            ids, _, page = _listed(reader, f"/g/{group.slug}")
        assert len(ids) == min(threads, PAGE_SIZE) and "Anonymous " in page and "Listener" in page
        counts[threads] = len(statements)
    print(f"\ngroup page queries: {counts}")
    assert counts[5] == counts[60], statements
    assert counts[60] <= MAX_QUERIES, "\n".join(statements)


def test_older_threads_pages_through_every_thread_once_newest_first(browser, make_user, make_group, member_of):
    group, ada = make_group(), make_user("ada")
    member_of(ada, group)
    ids = _start_threads(group, [ada], 2 * PAGE_SIZE + 5)
    # Threads that share a moment of last activity still come in one order, each once.
    db.session.execute(sa.update(Thread).where(Thread.id.in_(ids[10:30])).values(last_activity_at=datetime(2026, 1, 1)))
    db.session.commit()
    pages = _every_page(browser, group.slug)
    assert [len(page) for page in pages] == [PAGE_SIZE, PAGE_SIZE, 5]
    newest_first = sorted(ids, key=lambda i: (i in ids[10:30], -i))
    assert [i for page in pages for i in page] == newest_first


def test_a_reply_brings_its_thread_back_to_the_first_page(sign_in, make_user, make_group, member_of):
    group, ada = make_group(), make_user("ada")
    member_of(ada, group)
    ids = _start_threads(group, [ada], PAGE_SIZE + 3)
    sam = sign_in("sam")
    sam.post(f"/g/{group.slug}/join")
    assert ids[0] not in _listed(sam, f"/g/{group.slug}")[0]
    assert sam.post(f"/t/{ids[0]}/reply", {"body": "Still thinking about this one."}).status_code == 302
    assert _listed(sam, f"/g/{group.slug}")[0][0] == ids[0]


def test_the_last_page_has_no_older_link_and_leads_back_to_the_newest(browser, make_user, make_group, member_of):
    group, ada = make_group(), make_user("ada")
    member_of(ada, group)
    _start_threads(group, [ada], PAGE_SIZE + 1)
    _, older, _ = _listed(browser, f"/g/{group.slug}")
    ids, last, page = _listed(browser, older)
    assert len(ids) == 1 and last is None
    assert f'<a href="/g/{group.slug}">Newest threads</a>' in page


def test_a_made_up_page_of_threads_gets_a_clear_message(browser, make_group):
    group = make_group()
    for cursor in ("yesterday", "1.2.3", "99999999999999999999999999.1", ""):
        response = browser.get(f"/g/{group.slug}", query_string={"before": cursor})
        assert response.status_code == 400, cursor
        assert "find that page of threads" in text(response)


def test_an_anonymous_opener_shows_as_an_alias_on_every_page(sign_in, make_user, make_group, member_of):
    group, ada = make_group(), make_user("ada", display_name="Ada Quiet")
    member_of(ada, group)
    _start_threads(group, [ada], PAGE_SIZE + 1)  # the oldest, number 0, is anonymous
    sam = sign_in("sam")
    _, older, _ = _listed(sam, f"/g/{group.slug}")
    ids, _, page = _listed(sam, older)
    assert "Anonymous " in page and "Ada Quiet" not in page and "/u/ada" not in page


def test_a_visitor_gets_a_kept_group_page_for_no_statement_on_every_page_of_threads(browser, make_user, make_group,
                                                                                     member_of):  # fmt: skip
    author = make_user("ada")
    group = make_group()
    member_of(author, group)
    _start_threads(group, [author], PAGE_SIZE + 3)
    first_pages = _every_page(browser, group.slug)  # rendered, and kept
    with counting_queries() as statements:
        assert _every_page(browser, group.slug) == first_pages
    assert statements == [], "\n".join(statements)
