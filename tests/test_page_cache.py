"""Pages kept for visitors (community.page_cache): served again only while nothing they show has changed.

Every test reads a page as a visitor once (so it is kept), makes the write through the real page or
use case, and reads it again as the next visitor would.
"""

from __future__ import annotations

import pytest

from community.extensions import db
from community.forum import service as forum
from community.groups.models import Group
from tests.conftest import PASSWORD, Browser, pages_use_redis, text
from tests.forum.test_query_count import counting_queries
from tests.moderation.conftest import latest_item, latest_post, post_thread, report_and_remove


def _visit(visitor: Browser, url: str) -> str:
    response = visitor.get(url)
    assert response.status_code == 200
    return text(response)


def _kept(visitor: Browser, url: str) -> str:
    """Read ``url`` twice as a visitor: the second read must come from the cache (no SQL at all)."""
    first = _visit(visitor, url)
    with counting_queries() as statements:
        again = _visit(visitor, url)
    assert statements == [], statements
    assert again == first
    return again


@pytest.fixture
def thread_by(make_user, make_group, member_of):
    """thread_by("kim") -> (author, group, thread) with an opening post and one reply."""

    def make(username: str = "kim", **user):
        group = make_group()
        author = make_user(username, **user)
        member_of(author, group)
        thread, _ = forum.start_thread(author, group, "Evenings are hard", "Anyone else find evenings hard?")
        forum.add_reply(author, thread, "Walking after dinner helps me a little.")
        return author, group, thread

    return make


def test_a_kept_thread_and_group_page_cost_no_statements_and_read_the_same(browser, thread_by):
    _, group, thread = thread_by()
    assert "Walking after dinner" in _kept(browser, f"/t/{thread.id}")
    assert "Evenings are hard" in _kept(browser, f"/g/{group.slug}")


def test_pages_are_the_same_with_the_cache_off(app, browser, thread_by, monkeypatch):
    _, group, thread = thread_by()
    kept = [_kept(browser, url) for url in (f"/t/{thread.id}", f"/g/{group.slug}")]
    monkeypatch.setitem(app.config, "PAGE_CACHE", False)
    assert [_visit(browser, url) for url in (f"/t/{thread.id}", f"/g/{group.slug}")] == kept


def _spam_reply(member_in):
    sam, group = member_in()
    post_thread(sam, group, "Does anyone have tips for the first week?", title="First week")
    thread_id = latest_post().thread_id
    spam = {"body": "Buy cheap followers at my site, best prices!"}
    assert sam.post(f"/t/{thread_id}/reply", spam).status_code == 302
    return sam, group, latest_post()


def test_a_post_a_listener_removes_is_gone_from_the_next_visitors_page(sign_in, member_in, browser):
    sam, group, post = _spam_reply(member_in)
    assert "Buy cheap followers" in _kept(browser, f"/t/{post.thread_id}")
    assert "1 reply" in _kept(browser, f"/g/{group.slug}")
    kim = sign_in("kim")
    kim.post(f"/g/{group.slug}/join")
    report_and_remove(kim, post.id, sign_in)
    assert "Buy cheap followers" not in _visit(browser, f"/t/{post.thread_id}")
    assert "Buy cheap followers" not in _kept(browser, f"/t/{post.thread_id}")
    assert "0 replies" in _kept(browser, f"/g/{group.slug}")


def test_a_held_reply_shows_once_approved_and_a_declined_one_never(sign_in, member_in, browser, thread_by):
    _, group, thread = thread_by()
    ned, _ = member_in("ned", trusted=False)  # a new member's first posts wait for a listener
    ned.post(f"/g/{group.slug}/join")
    before = _kept(browser, f"/t/{thread.id}")
    assert ned.post(f"/t/{thread.id}/reply", {"body": "First time posting here, hello all."}).status_code == 302
    assert "First time posting" not in _kept(browser, f"/t/{thread.id}")
    assert "1 reply" in _kept(browser, f"/g/{group.slug}")
    lee = sign_in("lee", role="listener")
    assert lee.post(f"/moderator/items/{latest_item().id}/approve", {}).status_code == 302
    assert "First time posting" in _visit(browser, f"/t/{thread.id}") != before
    assert "2 replies" in _visit(browser, f"/g/{group.slug}")
    assert ned.post(f"/t/{thread.id}/reply", {"body": "Another hello, hoping it goes through."}).status_code == 302
    declined = {"author_message": "Thanks, not now."}
    assert lee.post(f"/moderator/items/{latest_item().id}/reject", declined).status_code == 302
    assert "Another hello" not in _kept(browser, f"/t/{thread.id}")


def test_new_threads_replies_edits_and_deletions_reach_kept_pages(member_in, browser):
    sam, group = member_in()
    assert "No threads yet" in _kept(browser, f"/g/{group.slug}")
    post_thread(sam, group, "Sleep has been rough this week.", title="Rough week")
    opening = latest_post()
    assert "Rough week" in _kept(browser, f"/g/{group.slug}")
    assert "0 replies" in _kept(browser, f"/g/{group.slug}")
    assert sam.post(f"/t/{opening.thread_id}/reply", {"body": "Tonight I'll try reading instead."}).status_code == 302
    assert "1 reply" in _kept(browser, f"/g/{group.slug}")
    assert "Tonight I'll try reading" in _kept(browser, f"/t/{opening.thread_id}")
    edited = {"title": "A better week", "body": "Sleep is getting a little better."}
    assert sam.post(f"/p/{opening.id}/edit", edited).status_code == 302
    assert "Sleep is getting a little better" in _kept(browser, f"/t/{opening.thread_id}")
    assert "A better week" in _kept(browser, f"/g/{group.slug}")
    reply = latest_post()
    assert sam.post(f"/p/{reply.id}/delete", {}).status_code == 302
    assert "Tonight I'll try reading" not in _kept(browser, f"/t/{opening.thread_id}")


def test_reaction_counts_reach_the_kept_thread_page(sign_in, browser, thread_by):
    author, group, thread = thread_by()
    kim = sign_in("kim2")
    kim.post(f"/g/{group.slug}/join")
    page = _kept(browser, f"/t/{thread.id}")
    assert 'I hear you <span class="reaction-count">1' not in page
    assert kim.post(f"/p/{thread.posts[0].id}/react", {"kind": "hear"}).status_code == 302
    assert 'I hear you <span class="reaction-count">1' in _kept(browser, f"/t/{thread.id}")
    assert kim.post(f"/p/{thread.posts[0].id}/react", {"kind": "hear"}).status_code == 302  # taken back
    assert 'I hear you <span class="reaction-count">1' not in _kept(browser, f"/t/{thread.id}")


def test_a_group_made_private_hides_its_kept_pages(browser, thread_by):
    _, group, thread = thread_by()
    assert "Walking after dinner" in _kept(browser, f"/t/{thread.id}")
    assert "Evenings are hard" in _kept(browser, f"/g/{group.slug}")
    db.session.get(Group, group.id).is_public = False
    db.session.commit()
    assert browser.get(f"/t/{thread.id}").status_code == 404
    assert "Evenings are hard" not in _kept(browser, f"/g/{group.slug}")


def test_a_new_display_name_and_a_deleted_account_reach_kept_pages(sign_in, browser, make_group):
    kim = sign_in("kim", display_name="Kim First")
    group = make_group()
    kim.post(f"/g/{group.slug}/join")
    post_thread(kim, group, "Checking in from a long day.", title="Long day")
    thread_id = latest_post().thread_id
    assert "Kim First" in _kept(browser, f"/t/{thread_id}") and "Kim First" in _kept(browser, f"/g/{group.slug}")
    assert kim.post("/settings/profile", {"display_name": "Kim Second", "bio": ""}).status_code == 302
    assert "Kim Second" in _kept(browser, f"/t/{thread_id}") and "Kim Second" in _kept(browser, f"/g/{group.slug}")
    assert kim.post("/settings/delete", {"posts": "erase", "password": PASSWORD}).status_code == 302
    assert browser.get(f"/t/{thread_id}").status_code == 404  # its only post erased, the thread went with it
    assert "Kim Second" not in _kept(browser, f"/g/{group.slug}")


def test_members_and_visitors_with_a_session_get_their_own_page(sign_in, browser, thread_by):
    _, group, thread = thread_by()
    _kept(browser, f"/t/{thread.id}")
    sam = sign_in("sam")
    sam.post(f"/g/{group.slug}/join")
    assert "Post reply" in text(sam.get(f"/t/{thread.id}"))
    browser.token()  # the sign-in page gave this visitor a session
    with counting_queries() as statements:
        browser.get(f"/t/{thread.id}")
    assert statements  # rendered for them, not served from the cache


# --- several processes -----------------------------------------------------------------------


def test_a_removal_on_one_process_retires_the_page_another_process_kept(second_process, member_in, sign_in):
    sam, group, post = _spam_reply(member_in)
    elsewhere = Browser(second_process.test_client())
    assert "Buy cheap followers" in _kept(elsewhere, f"/t/{post.thread_id}")
    kim = sign_in("kim")
    kim.post(f"/g/{group.slug}/join")
    kim.post(f"/p/{post.id}/report", {"reason": "spam"})
    lee = sign_in("lee", role="listener")  # on this process
    assert lee.post(f"/moderator/items/{latest_item().id}/reject", {"author_message": ""}).status_code == 302
    assert "Buy cheap followers" not in _visit(elsewhere, f"/t/{post.thread_id}")


def test_with_redis_away_pages_are_kept_briefly_and_writes_here_still_retire_them(app, browser, thread_by,
                                                                                   monkeypatch):  # fmt: skip
    pages_use_redis(app, "redis://127.0.0.1:1/0", monkeypatch)  # nothing listens on port 1
    author, group, thread = thread_by()
    assert "Walking after dinner" in _kept(browser, f"/t/{thread.id}")
    forum.add_reply(author, thread, "Tea and a book before bed too.")
    assert "Tea and a book" in _kept(browser, f"/t/{thread.id}")
    pages_use_redis(app, None, monkeypatch)


def test_a_query_string_the_page_does_not_use_is_rendered_and_not_kept(browser, thread_by):
    _, group, thread = thread_by()
    for url in (f"/t/{thread.id}?utm=1", f"/g/{group.slug}?page=2"):
        assert "Evenings are hard" in _visit(browser, url)
        with counting_queries() as statements:
            assert "Evenings are hard" in _visit(browser, url)
        assert statements


def test_a_write_made_while_redis_was_away_retires_other_processes_pages_once_it_is_back(second_process, app,
                                                                                          thread_by):  # fmt: skip
    import redis

    author, group, thread = thread_by()
    elsewhere = Browser(second_process.test_client())
    assert "Walking after dinner" in _kept(elsewhere, f"/t/{thread.id}")
    stamps = app.extensions["kindred_page_stamps"]  # made by the writes above, on Redis
    reachable = stamps._redis
    stamps._redis = redis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)  # away, for this one
    forum.add_reply(author, thread, "Tea and a book before bed too.")
    stamps._redis, stamps._retry_at = reachable, 0.0  # back
    assert "Tea and a book" not in _kept(elsewhere, f"/t/{thread.id}")  # the other process never heard of it
    Browser(app.test_client()).get(f"/g/{group.slug}")  # this process's next visitor: the debt is paid
    assert "Tea and a book" in _visit(elsewhere, f"/t/{thread.id}")
