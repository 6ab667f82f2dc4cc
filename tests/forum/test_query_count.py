"""A thread page costs the same few queries however long the thread is (no N+1)."""

from __future__ import annotations

from contextlib import contextmanager

import sqlalchemy as sa

from community.extensions import db
from community.forum import service
from tests.conftest import text

# A thread page: the session's member; the thread with the reader's membership and read marker;
# a page of posts with their authors' bylines and aliases (two for a reader more than a page
# behind); their reactions; the header's notification count; and moving the read marker. What
# matters most is that it stays flat as a thread grows.
MAX_QUERIES = 7


@contextmanager
def counting_queries():
    """Every SQL statement sent to the database while the block runs."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


def _thread_with(posts: int, group, authors):
    """A thread of ``posts`` posts, anonymous and named, by authors taking turns."""
    thread, _ = service.start_thread(authors[0], group, f"A thread of {posts}", "Opening post", anonymous=True)
    for n in range(1, posts):
        service.add_reply(authors[n % len(authors)], thread, f"Reply number {n}", anonymous=n % 3 == 0)
    return thread


def _queries_for_thread_page(reader, thread_id: int) -> tuple[list[str], str]:
    with counting_queries() as statements:
        response = reader.get(f"/t/{thread_id}")
    assert response.status_code == 200
    return statements, text(response)


def authors_of_every_role(make_user, member_of, group) -> list:
    """Two members, a listener and a clinician, all in ``group``: every kind of byline."""
    roles = {"ada": "member", "bodhi": "member", "lee": "listener", "okafor": "clinician"}
    authors = [make_user(name, role) for name, role in roles.items()]
    for author in authors:
        member_of(author, group)
    return authors


def test_a_thread_page_costs_the_same_few_queries_for_60_or_200_posts(sign_in, make_user, make_group, member_of):
    group = make_group()
    authors = authors_of_every_role(make_user, member_of, group)
    reader = None
    counts = {}
    for posts in (60, 200):
        thread = _thread_with(posts, group, authors)
        post_ids = [post.id for post in thread.posts]
        for visit in VISITS:
            reader = sign_in(f"{visit.replace(' ', '-')}-{posts}") if visit in ("first", "far behind") else reader
            if visit == "far behind":  # read the first five posts only, then come back
                reader.get(f"/t/{thread.id}?post={post_ids[4]}")
            if visit == "a few unread":
                reader.get(f"/t/{thread.id}?post={post_ids[-11]}")
            db.session.expire_all()  # the page loads what it needs; nothing is left cached from setup
            statements, page = _queries_for_thread_page(reader, thread.id)
            assert "Anonymous " in page and "Listener" in page
            counts[visit, posts] = len(statements)
    print(f"\nthread page statements: {counts}")
    for visit in VISITS:
        assert counts[visit, 60] == counts[visit, 200], counts
    assert max(counts.values()) <= MAX_QUERIES, counts


# Where a member opens a thread: the top on a first visit; the newest page when it holds what
# they have not read, or everything is read; their first unread post when further behind.
VISITS = ("first", "a few unread", "all read", "far behind")


def test_a_visitor_gets_a_kept_thread_page_for_no_statement_at_any_length(browser, make_user, make_group, member_of):
    group = make_group()
    authors = [make_user("ada"), make_user("lee", "listener")]
    for author in authors:
        member_of(author, group)
    for posts in (5, 100):
        thread_id = _thread_with(posts, group, authors).id
        first = browser.get(f"/t/{thread_id}")
        with counting_queries() as statements:
            again = browser.get(f"/t/{thread_id}")
        assert statements == [], statements
        assert f"Reply number {min(posts, 40) - 1}" in text(again) and again.get_data() == first.get_data()
