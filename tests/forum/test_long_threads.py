"""Long threads come in pages of 50 with plain links, and open where a member stopped reading."""

from __future__ import annotations

import re

import pytest

from community.accounts.service import find_by_username
from community.forum import service
from community.forum.thread_pages import PAGE_SIZE


def _thread_of(posts: int, group, author):
    thread, _ = service.start_thread(author, group, "A long one", "Post 1 of the thread")
    _add(thread, author, range(2, posts + 1))
    return thread


def _add(thread, author, numbers) -> None:
    for n in numbers:
        service.add_reply(author, thread, f"Post {n} of the thread")


def _page(browser, url: str) -> tuple[list[int], dict[str, str], str]:
    """The post numbers shown, the pager's links by rel, and the page."""
    response = browser.get(url)
    assert response.status_code == 200, url
    page = response.get_data(as_text=True)
    numbers = [int(n) for n in re.findall(r"Post (\d+) of the thread", page)]
    pager = re.findall(r'<a href="([^"]+)" rel="(prev|next)"', page)
    links = {rel: href.replace("&amp;", "&") for href, rel in pager}
    return numbers, links, page


@pytest.fixture
def long_thread(make_user, make_group, member_of):
    group, ada = make_group(), make_user("ada")
    member_of(ada, group)
    return _thread_of(120, group, ada), ada


def test_a_visitor_reads_a_long_thread_in_pages_of_50_with_links_that_work_without_javascript(long_thread, browser):
    thread, _ = long_thread
    first, links, page = _page(browser, f"/t/{thread.id}")
    assert first == list(range(1, 51)) and set(links) == {"next"}
    second, links, _ = _page(browser, links["next"])
    assert second == list(range(51, 101)) and set(links) == {"prev", "next"}
    last, links, page = _page(browser, links["next"])
    assert last == list(range(101, 121)) and set(links) == {"prev"}
    back, _, _ = _page(browser, links["prev"])
    assert back == list(range(51, 101))


def test_a_member_opens_the_thread_at_their_first_unread_post(long_thread, sign_in):
    thread, ada = long_thread
    reader = sign_in("sam")
    first, _, page = _page(reader, f"/t/{thread.id}")
    assert first[0] == 1 and "New since your last visit" not in page  # the first visit starts at the top
    again, _, page = _page(reader, f"/t/{thread.id}")
    assert again == list(range(51, 101))  # 70 unread, more than a page: it opens at the 51st
    assert page.index("New since your last visit") < page.index("Post 51 of the thread")
    newest, links, page = _page(reader, f"/t/{thread.id}")
    # 20 unread: the newest page holds them, below what was read for context.
    assert newest == list(range(71, 121)) and set(links) == {"prev"}
    assert page.index("Post 100 of") < page.index("New since your last visit") < page.index("Post 101 of")
    newest, links, page = _page(reader, f"/t/{thread.id}")
    assert newest == list(range(71, 121)) and "New since" not in page  # all read
    _add(thread, ada, range(121, 124))
    fresh, links, page = _page(reader, f"/t/{thread.id}")
    assert fresh == list(range(74, 124)) and set(links) == {"prev"}
    assert page.index("Post 120 of") < page.index("New since your last visit") < page.index("Post 121 of")


def test_after_replying_a_member_sees_their_reply_below_the_thread(long_thread, sign_in, member_of):
    thread, _ = long_thread
    reader = sign_in("sam")
    member_of(find_by_username("sam"), thread.group)
    _page(reader, f"/t/{thread.id}?before=999999")  # the newest page: everything read
    response = reader.post(f"/t/{thread.id}/reply", {"body": "Post 121 of the thread"})
    assert response.status_code == 302
    shown, _, _ = _page(reader, response.headers["Location"].split("#")[0])
    assert shown == list(range(72, 122))


def test_reading_an_older_page_never_moves_the_marker_back(long_thread, sign_in):
    thread, _ = long_thread
    reader = sign_in("sam")
    for _ in range(3):
        _page(reader, f"/t/{thread.id}")  # up to 120
    _page(reader, f"/t/{thread.id}?before=60")
    newest, _, _ = _page(reader, f"/t/{thread.id}")
    assert newest == list(range(71, 121))


def test_a_linked_post_opens_the_page_that_ends_with_it(long_thread, browser):
    thread, _ = long_thread
    post_id = thread.posts[74].id  # post 75
    shown, links, _ = _page(browser, f"/t/{thread.id}?post={post_id}")
    assert shown == list(range(26, 76)) and set(links) == {"prev", "next"}


def test_live_replies_are_offered_on_the_newest_page_only(long_thread, sign_in):
    thread, _ = long_thread
    reader = sign_in("sam")
    _, _, first = _page(reader, f"/t/{thread.id}?after=0")
    _, _, last = _page(reader, f"/t/{thread.id}?before=999999")
    assert "js/thread.js" not in first and "js/thread.js" in last
    assert "js/reactions.js" in first  # reaction counts stay live on every page


@pytest.fixture
def taking_turns(make_group, make_user, member_of, sign_in):
    """A thread of ``posts`` where ada wrote the odd posts and bodhi the even ones, and sam (signed
    in) has blocked bodhi: (thread, ada, sam's browser)."""

    def make(posts: int):
        group, ada, bodhi = make_group(), make_user("ada"), make_user("bodhi")
        member_of(ada, group)
        member_of(bodhi, group)
        thread, _ = service.start_thread(ada, group, "Taking turns", "Post 1 of the thread")
        for n in range(2, posts + 1):
            service.add_reply(ada if n % 2 else bodhi, thread, f"Post {n} of the thread")
        reader = sign_in("sam")
        service.block_author(find_by_username("sam"), thread.posts[1])
        return thread, ada, reader

    return make


def test_posts_hidden_from_a_reader_take_no_places_on_their_pages(taking_turns):
    thread, _, reader = taking_turns(120)
    shown, links, _ = _page(reader, f"/t/{thread.id}?after=0")
    assert shown == list(range(1, 100, 2)) and set(links) == {"next"}
    rest, links, _ = _page(reader, links["next"])
    assert rest == list(range(101, 121, 2)) and set(links) == {"prev"}


def test_a_bad_page_address_is_a_clear_400(long_thread, browser):
    thread, _ = long_thread
    for query in ("after=abc", "after=-1", "after=1&before=9", "post=", "before=1&before=2",
                  "post=99999999999999999999", "after=" + "9" * 5000):  # fmt: skip
        response = browser.get(f"/t/{thread.id}?{query}")
        assert response.status_code == 400, query
        assert "page of the thread" in response.get_data(as_text=True)
    assert len(_page(browser, f"/t/{thread.id}?after=100000")[0]) == PAGE_SIZE  # past the end: the newest page


def _json_page(client, url: str) -> tuple[list[int], dict]:
    response = client.get(url)
    assert response.status_code == 200, url
    body = response.get_json()
    return [int(re.search(r"Post (\d+) of", post["html"])[1]) for post in body["posts"]], body


def test_the_thread_json_comes_in_the_same_pages_with_links_to_its_neighbours(long_thread, browser):
    thread, _ = long_thread
    first, body = _json_page(browser, f"/api/threads/{thread.id}")
    assert first == list(range(1, 51)) and body["older"] is None and body["title"] == "A long one"
    second, body = _json_page(browser, body["newer"])
    assert second == list(range(51, 101)) and body["older"] and body["newer"]
    last, body = _json_page(browser, body["newer"])
    assert last == list(range(101, 121)) and body["newer"] is None
    back, _ = _json_page(browser, body["older"])
    assert back == list(range(51, 101))


def test_the_thread_json_moves_no_read_marker_and_hides_what_the_page_hides(taking_turns):
    thread, ada, reader = taking_turns(60)
    shown, body = _json_page(reader, f"/api/threads/{thread.id}")
    assert shown == list(range(1, 60, 2)) and body["newer"] is None
    service.add_reply(ada, thread, "Post 61 of the thread")
    # Had the JSON moved sam's marker, the page would say post 61 is new since their last visit.
    first, _, page = _page(reader, f"/t/{thread.id}")
    assert first == list(range(1, 62, 2)) and "New since your last visit" not in page
    _add(thread, ada, [63])
    assert "New since your last visit" in _page(reader, f"/t/{thread.id}")[2]  # the page itself was a visit


def test_a_bad_thread_json_page_is_a_clear_400(long_thread, browser):
    thread, _ = long_thread
    for query in ("after=abc", "after=1&before=9", "post="):
        response = browser.get(f"/api/threads/{thread.id}?{query}")
        assert response.status_code == 400, query
        assert "page of the thread" in response.get_data(as_text=True)
