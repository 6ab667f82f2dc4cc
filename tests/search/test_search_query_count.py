"""A search page costs the same few statements however many posts match (no N+1)."""

from __future__ import annotations

from community.extensions import db
from community.forum import service
from tests.conftest import text
from tests.forum.test_query_count import authors_of_every_role, counting_queries

# The session's member, the header's notification count, and the search itself: bylines,
# aliases, groups and snippets all come back in that one query.
MAX_QUERIES = 3


def _posts_about(word: str, count: int, group, authors) -> None:
    """``count`` matching posts, anonymous and named, by authors taking turns."""
    thread, _ = service.start_thread(authors[0], group, f"About {word}", f"The {word} opening.", anonymous=True)
    for n in range(1, count):
        service.add_reply(authors[n % len(authors)], thread, f"More {word}, number {n}.", anonymous=n % 3 == 0)


def test_a_search_page_costs_the_same_few_statements_for_10_or_200_matches(sign_in, make_user, make_group,
                                                                           member_of):  # fmt: skip
    group = make_group()
    authors = authors_of_every_role(make_user, member_of, group)
    reader = sign_in("sam")
    counts = {}
    for word, matches in (("pebbles", 10), ("lanterns", 200)):
        _posts_about(word, matches, group, authors)
        db.session.expire_all()
        with counting_queries() as statements:
            response = reader.get(f"/search?q={word}")
        page = text(response)
        assert response.status_code == 200 and f"<mark>{word}</mark>" in page and "Anonymous " in page
        assert "Listener" in page and ("More results" in page) == (matches > 20)
        counts[matches] = len(statements)
    print(f"\nsearch page statements: {counts}")
    assert counts[10] == counts[200], statements
    assert counts[200] <= MAX_QUERIES, statements
