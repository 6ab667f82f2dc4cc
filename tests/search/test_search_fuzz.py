"""Whatever a member types, search answers: never a 500, never an error logged, never a syntax error
from FTS5 or websearch_to_tsquery."""

from __future__ import annotations

import logging

from hypothesis import given
from hypothesis import strategies as st

from community.extensions import limiter
from community.forum import service
from tests.security.test_fuzz import FUZZ

QUERIES = st.one_of(
    st.text(max_size=220),
    st.lists(st.sampled_from(['"', "-", "OR", "or", "AND", "NOT", "NEAR", "*", "(", ")", ":", "^", "tea",
                              "'", "&", "|", "!", "<->", "\\", "search_text", "posts_search", "\x02", "\x00"]),
             max_size=8).map(" ".join),
)  # fmt: skip
PAGES = st.one_of(st.none(), st.sampled_from(["1", "2", "25", "26", "0", "", "x", "1.5", "٣", "99999"]))


@FUZZ
@given(query=QUERIES, page=PAGES)
def test_any_query_is_answered_without_a_server_error(browser, make_user, make_group, member_of, caplog, query, page):
    if not hasattr(browser, "seeded"):
        group, ada = make_group(), make_user("ada")
        member_of(ada, group)
        service.start_thread(ada, group, "Tea and quiet", "A cup of tea or two, and NOT much else.")
        browser.seeded = True
    limiter.reset()
    caplog.clear()
    params = {"q": query} | ({"page": page} if page is not None else {})
    response = browser.get("/search", query_string=params)
    assert response.status_code in (200, 400), (query, page, response.status_code)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
