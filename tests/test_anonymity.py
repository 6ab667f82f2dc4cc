"""Posting anonymously: nobody else learns who wrote it, on any page, JSON or live event.

DESIGN.md, Anonymity: an anonymous post shows "Anonymous <Animal>", stable within
a thread and different across threads; no page, JSON response or Socket.IO
payload seen by another member carries the author's name or id.
"""

from __future__ import annotations

import json
import re

import pytest

from community.accounts import service as accounts
from community.extensions import socketio
from tests.conftest import text

AUTHOR, AUTHOR_NAME = "quinn_w", "Quinn Whitlock"
# Enough threads that at least two aliases differ. The first alias of a member in a
# thread is ANIMALS[HMAC(secret, thread, member) % 50]: deterministic, so this test
# cannot flake, and four threads all landing on one animal would happen for one in
# 125,000 secrets. If they all agree, the alias does not depend on the thread.
ANONYMOUS_THREADS = 4


def _start_thread(browser, group, title, body, *, anonymous):
    data = {"title": title, "body": body} | ({"anonymous": "y"} if anonymous else {})
    response = browser.post(f"/g/{group.slug}/new", data)
    assert response.status_code == 302, text(response)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _reply(browser, thread_id, body, *, anonymous):
    data = {"body": body} | ({"anonymous": "y"} if anonymous else {})
    response = browser.post(f"/t/{thread_id}/reply", data)
    assert response.status_code == 302, text(response)


@pytest.fixture
def forum(sign_in, make_group):
    """A group where the author posts only anonymously, beside named and anonymous others.

    Thread ``shared`` is opened by river under her name; the author replies anonymously
    twice and kim once. The author also opens ``ANONYMOUS_THREADS - 1`` threads
    anonymously and replies in the first of them. A named post of the author's lives in
    another group, so their profile has something it may show.
    """
    group, elsewhere = make_group("calm"), make_group("elsewhere")
    author = sign_in(AUTHOR, display_name=AUTHOR_NAME)
    river, kim, sam = sign_in("river"), sign_in("kim"), sign_in("sam")
    for browser in (author, river, kim, sam):
        browser.post(f"/g/{group.slug}/join")
    author.post(f"/g/{elsewhere.slug}/join")
    named_elsewhere = _start_thread(author, elsewhere, "Signed with my name", "Hello", anonymous=False)
    shared = _start_thread(river, group, "Mornings are hard", "How do you start the day?", anonymous=False)
    _reply(author, shared, "I keep the curtains open.", anonymous=True)
    _reply(kim, shared, "Coffee and a short walk.", anonymous=True)
    _reply(author, shared, "And I write one line in a notebook.", anonymous=True)
    own = [
        _start_thread(author, group, f"Not said openly {n}", "A long year.", anonymous=True)
        for n in range(1, ANONYMOUS_THREADS)
    ]
    _reply(author, own[0], "Thank you for reading.", anonymous=True)
    handle = accounts.find_by_username(AUTHOR).handle
    return {"group": group, "author": author, "reader": sam, "kim": kim, "river": river, "shared": shared,
            "own": own, "named_elsewhere": named_elsewhere, "handle": handle}  # fmt: skip


def _secrets(forum) -> list[str]:
    return [AUTHOR, AUTHOR_NAME, forum["handle"]]


def _anonymous_pages(forum) -> list[str]:
    """Every page and JSON document that shows one of the author's anonymous posts."""
    threads = [forum["shared"], *forum["own"]]
    slug = forum["group"].slug
    return ["/", f"/g/{slug}", f"/api/groups/{slug}/threads",
            *(f"/t/{t}" for t in threads), *(f"/api/threads/{t}" for t in threads),
            *(f"/search?q={words}" for words in SEARCHES)]  # fmt: skip


# Searches whose results include the author's anonymous posts (titles, openings and replies).
SEARCHES = ("curtains", "notebook", "long year", "said openly", "reading")


def _authors(browser, thread_id) -> list[dict]:
    response = browser.get(f"/api/threads/{thread_id}")
    assert response.status_code == 200
    return [post["author"] for post in response.get_json()["posts"]]


def test_no_page_or_json_shows_an_anonymous_authors_name_username_or_handle(forum, browser):
    for viewer in (forum["reader"], browser):
        for url in _anonymous_pages(forum):
            response = viewer.get(url)
            assert response.status_code == 200, url
            body = text(response).casefold()
            for secret in _secrets(forum):
                assert secret.casefold() not in body, f"{secret!r} appears on {url}"


def test_an_anonymous_authors_profile_lists_only_their_named_posts(forum, browser):
    for viewer in (forum["reader"], browser):
        page = text(viewer.get(f"/u/{AUTHOR}"))
        assert f"/t/{forum['named_elsewhere']}" in page  # the profile does list named posts
        for thread_id in (forum["shared"], *forum["own"]):
            assert f"/t/{thread_id}" not in page
        assert "Mornings are hard" not in page and "Not said openly" not in page
        assert forum["handle"] not in page


def test_an_anonymous_alias_is_stable_in_a_thread_and_changes_between_threads(forum):
    reader = forum["reader"]
    shared = _authors(reader, forum["shared"])
    # river's opening post, then the author, kim, the author.
    assert [a["anonymous"] for a in shared] == [False, True, True, True]
    assert shared[1]["name"] == shared[3]["name"]
    own_first = _authors(reader, forum["own"][0])
    assert own_first[0]["name"] == own_first[1]["name"]
    aliases = {shared[1]["name"]} | {_authors(reader, t)[0]["name"] for t in forum["own"]}
    assert all(alias.startswith("Anonymous ") for alias in aliases)
    assert len(aliases) > 1, f"the author is {aliases} in every thread"


def test_two_anonymous_authors_in_one_thread_never_share_an_alias(forum):
    shared = _authors(forum["reader"], forum["shared"])
    assert shared[1]["name"] != shared[2]["name"]
    assert shared[2]["name"].startswith("Anonymous ")


def test_the_author_sees_which_anonymous_posts_are_theirs(forum):
    alias = _authors(forum["reader"], forum["shared"])[1]["name"]
    page = text(forum["author"].get(f"/t/{forum['shared']}"))
    assert f"{alias}</span>" in page
    assert page.count("(you, posted anonymously)") == 2
    assert all(a["is_you"] for a in _authors(forum["author"], forum["shared"])[1::2])
    assert not any(a["is_you"] for a in _authors(forum["reader"], forum["shared"]))


def test_a_live_anonymous_reply_reaches_watchers_without_the_authors_identity(forum, app):
    thread_id = forum["shared"]
    alias = _authors(forum["reader"], thread_id)[1]["name"]
    # A fresh app context per socket call, like Browser's requests: the signed-in user
    # is kept on `g`, which would otherwise leak between clients.
    with app.app_context():
        watcher = socketio.test_client(app, flask_test_client=forum["reader"].client)
        assert watcher.is_connected()
        ack = watcher.emit("watch_thread", {"thread": thread_id}, callback=True)
    assert ack == {"ok": True, "thread": thread_id}
    watcher.get_received()
    _reply(forum["author"], thread_id, "Posting this live.", anonymous=True)
    with app.app_context():
        events = [e for e in watcher.get_received() if e["name"] == "reply_added"]
        watcher.disconnect()
    assert len(events) == 1
    payload = events[0]["args"][0]
    assert payload["author"] == {"name": alias, "username": None, "badge": None,
                                 "anonymous": True, "is_you": False}  # fmt: skip
    assert "Posting this live." in payload["html"]
    # Nothing that names the member: only the post, its thread, the alias and the text.
    assert not [key for key in payload if "user" in key or key.startswith("author_")]
    serialized = json.dumps(payload).casefold()
    for secret in _secrets(forum):
        assert secret.casefold() not in serialized


def _every_post(browser, forum) -> dict[int, list[str]]:
    """Each thread's posts as this reader sees them: (byline, text) per post, by thread."""
    seen = {}
    for thread_id in (forum["shared"], *forum["own"]):
        posts = browser.get(f"/api/threads/{thread_id}").get_json()["posts"]
        seen[thread_id] = [f"{p['author']['name']}: {p['html']}" for p in posts]
    return seen


def test_blocking_an_account_never_changes_which_anonymous_posts_a_reader_sees(forum):
    # Issue 12: blocking a suspect once hid their anonymous posts, which said whose they were.
    reader = forum["reader"]
    before = _every_post(reader, forum)
    assert reader.post(f"/u/{AUTHOR}/block").status_code == 302
    assert _every_post(reader, forum) == before
    page = text(reader.get(f"/g/{forum['group'].slug}"))
    assert all(f"/t/{t}" in page for t in forum["own"])  # their anonymous threads stay listed
    # Their named post, elsewhere, is hidden: the block itself works.
    assert reader.get(f"/api/threads/{forum['named_elsewhere']}").get_json()["posts"] == []


def test_blocking_an_alias_hides_it_in_that_thread_only_and_says_no_name(forum):
    reader, shared = forum["reader"], forum["shared"]
    alias = _authors(reader, shared)[1]["name"]
    others = {t: v for t, v in _every_post(reader, forum).items() if t != shared}
    author_post = reader.get(f"/api/threads/{shared}").get_json()["posts"][1]["id"]
    confirm = text(reader.get(f"/p/{author_post}/block"))
    assert f"Block {alias}?" in confirm
    assert all(secret.casefold() not in confirm.casefold() for secret in _secrets(forum))
    assert reader.post(f"/p/{author_post}/block").status_code == 302
    names = [a["name"] for a in _authors(reader, shared)]
    assert alias not in names and len(names) == 2  # river's post and kim's anonymous reply stay
    # The author's other anonymous threads look exactly as before: no other alias is tied to this one.
    assert {t: v for t, v in _every_post(reader, forum).items() if t != shared} == others
    assert alias in [a["name"] for a in _authors(forum["kim"], shared)]  # for everyone else, nothing changed


def test_reactions_to_anonymous_posts_show_counts_and_never_the_author(forum, browser):
    kim = forum["kim"]
    for thread_id in (forum["shared"], *forum["own"]):
        for post in kim.get(f"/api/threads/{thread_id}").get_json()["posts"]:
            if post["author"]["anonymous"] and not post["author"]["is_you"]:
                assert kim.post(f"/p/{post['id']}/react", {"kind": "hear"}).status_code == 302
    test_no_page_or_json_shows_an_anonymous_authors_name_username_or_handle(forum, browser)
    page = text(forum["reader"].get(f"/t/{forum['own'][0]}"))
    assert 'class="reaction-count">1<' in page


def test_notifications_name_an_anonymous_replier_by_alias_on_the_page_and_live(forum, connect):
    """river opened ``shared``: the author's anonymous replies reach her as notices; sam is mentioned in one."""
    river, sam, thread_id = forum["river"], forum["reader"], forum["shared"]
    alias = _authors(river, thread_id)[1]["name"]
    clients = [connect(river), connect(sam)]
    _reply(forum["author"], thread_id, "@sam thank you for reading.", anonymous=True)
    events = [e for client in clients for e in client.received() if e["name"].startswith("notification")]
    added = [e["args"][0] for e in events if e["name"] == "notification_added"]
    assert sorted(n["kind"] for n in added) == ["mention", "reply"]
    assert f"{alias} mentioned you in “Mornings are hard”" in [n["text"] for n in added]
    pages = [text(river.get("/notifications")), text(sam.get("/notifications"))]
    assert f"new replies in “Mornings are hard”, the latest from {alias}" in pages[0]
    for payload, where in [(json.dumps(e["args"]), e["name"]) for e in events] + [(p, "/notifications") for p in pages]:
        for secret in _secrets(forum):
            assert secret.casefold() not in payload.casefold(), f"{secret!r} appears in {where}"


def test_search_results_show_anonymous_posts_by_alias_and_never_find_them_by_the_authors_name(forum, browser):
    anonymous_threads = {forum["shared"], *forum["own"]}
    for viewer in (forum["reader"], browser):
        for words in SEARCHES:
            page = viewer.get("/search", query_string={"q": words}).get_data(as_text=True)
            found = {int(t) for t in re.findall(r'href="/t/(\d+)\?post=', page)}
            assert found & anonymous_threads, f"searching {words!r} should find an anonymous post"
            assert "Anonymous " in page
        for secret in _secrets(forum):
            page = viewer.get("/search", query_string={"q": secret}).get_data(as_text=True)
            assert not re.findall(r'href="/t/(\d+)\?post=', page), f"searching {secret!r} found a post"
