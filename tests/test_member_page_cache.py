"""A member's own kept pages (community.page_cache.for_member): served again to that member, in that
session, only while nothing they see has changed, and never to anyone else.

Each test keeps a page for a signed-in member (the read that comes from the kept page sends only the
statements the view runs before asking: the member's session, the access check, the read marker),
makes a write through the real pages or use cases, and reads the page again as that member would.
Without the write's invalidation (page_stamps.py), that read would be the kept, stale page.
"""

from __future__ import annotations

import re

import pytest

from community.accounts import service as accounts
from community.accounts.models import Role
from community.extensions import db
from community.forum import service as forum
from community.groups.models import Membership
from tests.conftest import Browser, text
from tests.forum.test_query_count import counting_queries
from tests.moderation.conftest import latest_item, latest_post, post_thread, report_and_remove

# What a page served from the kept copy still costs: the member's live session, and the access check
# (the thread and its opening post; the group) with, on a thread page, the member's read marker.
KEPT_STATEMENTS = 3
_CSRF_VALUE = re.compile(r'(name="csrf_token"[^>]*value=|data-csrf=)"[^"]*"')


@pytest.fixture(autouse=True)
def _member_pages_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "MEMBER_PAGE_CACHE", True)


def _visit(member: Browser, url: str, status: int = 200) -> str:
    response = member.get(url)
    assert response.status_code == status, (url, response.status_code)
    return text(response)


def _kept(member: Browser, url: str, *, private: bool = False) -> str:
    """``url`` as the member reads it from their kept page. The first visit to a thread moves their
    read marker (that page is not kept); the next is rendered and kept; the last is served from it.
    ``private``: a private group's access check also reads the membership."""
    member.get(url)
    first = member.get(url)
    with counting_queries() as statements:
        again = member.get(url)
    assert again.status_code == 200
    assert len(statements) <= KEPT_STATEMENTS + private, statements
    assert again.get_data() == first.get_data()
    return text(again)


def _reply(member: Browser, thread_id: int, body: str):
    response = member.post(f"/t/{thread_id}/reply", {"body": body, "warning_offered": "1"})
    assert response.status_code == 302, text(response)
    return response


def _drop_flash(member: Browser) -> None:
    """Show the member a page that is not under test, as the redirect after a write would: a message
    waiting to be flashed is never served from a kept page, and must not stand in for a stamp here."""
    member.get("/crisis")


def _user(username: str):
    return accounts.find_by_username(username)


@pytest.fixture
def in_thread(sign_in, member_in):
    """(sam, kim, group, thread id): sam opened a thread kim can read; both are members."""
    sam, group = member_in("sam")
    post_thread(sam, group, "Evenings are hard lately.", title="Evenings")
    thread_id = latest_post().thread_id
    kim = sign_in("kim", display_name="Kim Reader")
    assert kim.post(f"/g/{group.slug}/join").status_code == 302
    return sam, kim, group, thread_id


def test_a_members_second_view_is_served_from_their_kept_page(app, in_thread, monkeypatch):
    _, kim, group, thread_id = in_thread
    for url in (f"/t/{thread_id}", f"/g/{group.slug}"):
        page = _kept(kim, url)
        assert "Evenings" in page and "Kim Reader" in page and "Sign out" in page
    monkeypatch.setitem(app.config, "MEMBER_PAGE_CACHE", False)
    with counting_queries() as statements:
        assert "Evenings" in _visit(kim, f"/t/{thread_id}")
    assert len(statements) > KEPT_STATEMENTS  # rendered afresh


def _normalized(page: str) -> str:
    # The form token is signed with the time: two renders a second apart differ only there.
    return _CSRF_VALUE.sub(r'\1"token"', page)


def test_kept_pages_are_the_pages_rendered_afresh_through_a_members_actions(app, in_thread, sign_in, monkeypatch):
    sam, kim, group, thread_id = in_thread
    urls = (f"/t/{thread_id}", f"/g/{group.slug}")

    def same_either_way():
        for url in urls:
            kim.get(url)  # a first visit moves the read marker: settle it
            kept = _normalized(_visit(kim, url))
            monkeypatch.setitem(app.config, "MEMBER_PAGE_CACHE", False)
            fresh = _normalized(_visit(kim, url))
            monkeypatch.setitem(app.config, "MEMBER_PAGE_CACHE", True)
            assert kept == fresh, url

    same_either_way()
    opening = latest_post()
    for action in (
        lambda: kim.post(f"/p/{opening.id}/react", {"kind": "hear"}),
        lambda: _reply(kim, thread_id, "Same here, evenings drag."),
        lambda: _reply(sam, thread_id, "Thank you, Kim."),
        lambda: kim.post("/settings/profile", {"display_name": "Kim Renamed", "bio": ""}),
        lambda: kim.post(f"/p/{latest_post().id}/block", {}),
        lambda: kim.post(f"/g/{group.slug}/leave"),
    ):
        assert action().status_code in (302, 303)
        same_either_way()


def test_a_reaction_shows_as_the_members_own_on_their_next_page(in_thread):
    _, kim, _, thread_id = in_thread
    assert 'aria-pressed="true"' not in _kept(kim, f"/t/{thread_id}")
    assert kim.post(f"/p/{latest_post().id}/react", {"kind": "hear"}).status_code == 302
    assert 'aria-pressed="true"' in _visit(kim, f"/t/{thread_id}")


def test_a_blocked_authors_posts_leave_the_blockers_kept_pages(in_thread):
    sam, kim, group, thread_id = in_thread
    _reply(sam, thread_id, "A walk after dinner helps.")
    reply = latest_post()
    assert "A walk after dinner" in _kept(kim, f"/t/{thread_id}")
    assert "Evenings" in _kept(kim, f"/g/{group.slug}")
    assert kim.post(f"/p/{reply.id}/block", {}).status_code == 302
    _drop_flash(kim)
    assert "A walk after dinner" not in _visit(kim, f"/t/{thread_id}")
    assert "Evenings" not in _visit(kim, f"/g/{group.slug}")  # sam opened it
    # The bulk unblock names the two members (page_cache.members_only), not every page.
    assert kim.post("/u/sam/unblock", {}).status_code == 302
    assert "Evenings" in _visit(kim, f"/g/{group.slug}")


def test_a_new_notification_and_reading_it_reach_the_bell_on_a_kept_page(in_thread, make_group, browser):
    sam, kim, group, thread_id = in_thread
    other = make_group()
    assert sam.post(f"/g/{other.slug}/join").status_code == 302
    assert "unread" not in _kept(sam, f"/g/{other.slug}")
    _reply(kim, thread_id, "You're not alone.")
    assert 'aria-label="Notifications, 1 unread"' in _kept(sam, f"/g/{other.slug}")  # nothing else on it changed
    browser.get(f"/g/{other.slug}")  # a visitor's page, kept
    assert sam.post("/notifications/read", {}).status_code in (302, 303)
    assert "unread" not in _visit(sam, f"/g/{other.slug}")
    # The bulk update named sam's pages alone (page_cache.members_only): the visitor's is still kept.
    with counting_queries() as statements:
        assert browser.get(f"/g/{other.slug}").status_code == 200
    assert statements == []


def test_joining_and_leaving_reach_the_members_kept_pages(in_thread, sign_in):
    _, _, group, thread_id = in_thread
    ada = sign_in("ada")
    assert "Join group" in _kept(ada, f"/g/{group.slug}") and "Join group" in _kept(ada, f"/t/{thread_id}")
    assert ada.post(f"/g/{group.slug}/join").status_code == 302
    _drop_flash(ada)
    assert "Leave group" in _visit(ada, f"/g/{group.slug}")
    assert "Post reply" in _visit(ada, f"/t/{thread_id}")
    assert "Leave group" in _kept(ada, f"/g/{group.slug}")
    assert ada.post(f"/g/{group.slug}/leave").status_code == 302
    _drop_flash(ada)
    assert "Join group" in _visit(ada, f"/g/{group.slug}")
    assert "Post reply" not in _visit(ada, f"/t/{thread_id}")


def test_a_new_display_name_reaches_the_members_header(in_thread):
    _, kim, group, thread_id = in_thread
    assert "Kim Reader" in _kept(kim, f"/t/{thread_id}") and "Kim Reader" in _kept(kim, f"/g/{group.slug}")
    assert kim.post("/settings/profile", {"display_name": "Kim Again", "bio": ""}).status_code == 302
    _drop_flash(kim)
    assert "Kim Again" in _visit(kim, f"/t/{thread_id}") and "Kim Again" in _visit(kim, f"/g/{group.slug}")


def test_a_member_removed_from_a_private_group_is_refused_not_served_their_kept_page(sign_in, make_group, member_of):
    group = make_group(is_public=False)
    sam, kim = sign_in("sam"), sign_in("kim")
    for name in ("sam", "kim"):
        member_of(_user(name), group)
    post_thread(sam, group, "Only for us in here.", title="Private")
    thread_id = latest_post().thread_id
    assert "Only for us" in _kept(kim, f"/t/{thread_id}", private=True)
    assert "Private" in _kept(kim, f"/g/{group.slug}", private=True)
    membership = db.session.get(Membership, (_user("kim").id, group.id))
    db.session.delete(membership)
    db.session.commit()
    _visit(kim, f"/t/{thread_id}", status=404)
    page = _visit(kim, f"/g/{group.slug}")
    assert "Private" not in page and "for its members" in page


def test_a_role_change_reaches_the_members_kept_pages(in_thread, sign_in):
    sam, _, group, thread_id = in_thread
    ned = sign_in("ned", trusted=False)
    assert ned.post(f"/g/{group.slug}/join").status_code == 302
    _reply(ned, thread_id, "Hello, first post here.")
    assert "Hello, first post" not in _kept(sam, f"/t/{thread_id}")  # held for a listener
    assert "Moderator view" not in _kept(sam, f"/g/{group.slug}")
    accounts.grant_role(_user("sam"), Role.LISTENER)
    assert "Hello, first post" in _visit(sam, f"/t/{thread_id}")  # a listener sees held posts
    assert "Moderator view" in _kept(sam, f"/g/{group.slug}")
    accounts.grant_role(_user("sam"), Role.MEMBER)
    assert "Moderator view" not in _visit(sam, f"/g/{group.slug}")
    assert "Hello, first post" not in _visit(sam, f"/t/{thread_id}")


def test_a_post_a_listener_removes_leaves_the_members_kept_page(in_thread, sign_in):
    sam, kim, _, thread_id = in_thread
    _reply(sam, thread_id, "Buy cheap followers now!")
    reply = latest_post()
    assert "Buy cheap followers" in _kept(kim, f"/t/{thread_id}")
    report_and_remove(kim, reply.id, sign_in)
    assert "Buy cheap followers" not in _visit(kim, f"/t/{thread_id}")


def test_another_members_reply_reaches_the_kept_page(in_thread):
    sam, kim, _, thread_id = in_thread
    assert "Tea before bed" not in _kept(kim, f"/t/{thread_id}")
    _reply(sam, thread_id, "Tea before bed helps.")
    page = _visit(kim, f"/t/{thread_id}")
    assert "Tea before bed" in page and "New since your last visit" in page
    assert "New since your last visit" not in _kept(kim, f"/t/{thread_id}")  # read now


def test_two_members_never_get_each_others_page_and_an_anonymous_author_stays_anonymous(sign_in, member_in):
    sam, group = member_in("sam")
    assert (
        post_thread(sam, group, "Evenings are hard lately, mornings too.", title="Quietly", anonymous=True).status_code
        == 302
    )
    thread_id = latest_post().thread_id
    kim = sign_in("kim", display_name="Kim Reader")
    assert kim.post(f"/g/{group.slug}/join").status_code == 302
    own = _kept(sam, f"/t/{thread_id}")
    assert "(you, posted anonymously)" in own
    for url in (f"/t/{thread_id}", f"/g/{group.slug}"):
        _kept(sam, url)
        other = _kept(kim, url)
        assert "(you" not in other and ">sam<" not in other and "/u/sam" not in other and "Kim Reader" in other
        assert "Kim Reader" not in _kept(sam, url)


def test_another_session_of_the_same_member_gets_a_page_with_its_own_form_token(in_thread, app):
    _, kim, _, thread_id = in_thread
    _kept(kim, f"/t/{thread_id}")
    laptop = Browser(app.test_client())
    assert laptop.sign_in("kim").status_code == 302
    page = _visit(laptop, f"/t/{thread_id}")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page)  # fmt: skip
    reacted = laptop.post(f"/p/{latest_post().id}/react", {"kind": "hear", "csrf_token": token.group(1)}, csrf=False)
    assert reacted.status_code == 302  # a token of kim's other session would be refused (400)


def test_a_page_with_a_flashed_message_is_not_kept(in_thread, sign_in):
    _, _, group, _ = in_thread
    ada = sign_in("ada")
    _kept(ada, f"/g/{group.slug}")
    assert ada.post(f"/g/{group.slug}/join").status_code == 302
    assert "Welcome" in _visit(ada, f"/g/{group.slug}")  # the flash, shown once
    assert "Welcome" not in _kept(ada, f"/g/{group.slug}")


def test_a_report_thanks_the_reporter_on_the_page_they_return_to(in_thread):
    sam, kim, _, thread_id = in_thread
    _reply(sam, thread_id, "Buy cheap followers now!")
    _kept(kim, f"/t/{thread_id}")  # nothing kim sees changes with the report: only the flash tells her
    assert kim.post(f"/p/{latest_post().id}/report", {"reason": "spam"}).status_code == 302
    assert "A listener will look at this soon" in _visit(kim, f"/t/{thread_id}")
    assert "A listener will look at this soon" not in _kept(kim, f"/t/{thread_id}")


def test_a_new_time_zone_reaches_the_times_on_the_members_kept_pages(in_thread):
    _, kim, group, thread_id = in_thread
    assert " UTC" in _kept(kim, f"/t/{thread_id}") and " UTC" in _kept(kim, f"/g/{group.slug}")
    profile = {"display_name": "Kim Reader", "bio": "", "time_zone": "Asia/Tokyo"}  # only the zone changes
    assert kim.post("/settings/profile", profile).status_code == 302
    _drop_flash(kim)
    for url in (f"/t/{thread_id}", f"/g/{group.slug}"):
        page = _visit(kim, url)
        assert " JST" in page and " UTC" not in page


def test_a_warning_the_member_chooses_to_unfold_opens_on_their_kept_page(member_in, sign_in):
    sam, group = member_in("sam")
    opening = {"title": "A hard week", "body": "I had a drink again after a long time.", "warning": "substance-use",
               "warning_offered": "1"}  # fmt: skip
    assert sam.post(f"/g/{group.slug}/new", opening).status_code == 302
    thread_id = latest_post().thread_id
    kim = sign_in("kim")
    assert kim.post(f"/g/{group.slug}/join").status_code == 302
    assert '<details class="content-warning">' in _kept(kim, f"/t/{thread_id}")  # folded until she chooses
    assert kim.post("/settings/content", {}).status_code in (302, 303)  # fold nothing
    _drop_flash(kim)
    assert '<details class="content-warning" open>' in _visit(kim, f"/t/{thread_id}")


def test_an_anonymous_author_blocked_by_alias_leaves_the_blockers_kept_page(in_thread):
    sam, kim, _, thread_id = in_thread
    sam.post(f"/t/{thread_id}/reply", {"body": "Said without my name.", "anonymous": "y", "warning_offered": "1"})
    reply = latest_post()
    assert reply.is_anonymous
    assert "Said without my name" in _kept(kim, f"/t/{thread_id}")
    assert kim.post(f"/p/{reply.id}/block", {}).status_code == 302
    _drop_flash(kim)
    assert "Said without my name" not in _visit(kim, f"/t/{thread_id}")


def test_a_request_to_join_reaches_a_listeners_kept_group_page(sign_in, make_group):
    group = make_group(is_public=False)
    lee = sign_in("lee", role="listener")
    assert "0 waiting" in _kept(lee, f"/g/{group.slug}")
    ada = sign_in("ada")
    assert "Ask to join" in _kept(ada, f"/g/{group.slug}")
    assert ada.post(f"/g/{group.slug}/join", {"note": ""}).status_code == 302
    assert "1 waiting" in _visit(lee, f"/g/{group.slug}")
    ada.get(f"/g/{group.slug}")  # the flash
    assert "Your request to join is waiting" in _kept(ada, f"/g/{group.slug}")


def test_a_held_posts_notice_follows_its_queue_item_on_the_authors_kept_page(in_thread, sign_in):
    sam, _, _, thread_id = in_thread
    _reply(sam, thread_id, "I wrote my goodbye letters. I'm going to end it tonight.")
    item = latest_item()
    lee = sign_in("lee", role="listener")  # a new role retires every page: before sam's is kept
    assert "Waiting for a listener" in _kept(sam, f"/t/{thread_id}")
    assert lee.post(f"/moderator/items/{item.id}/claim").status_code == 302
    assert lee.post(f"/moderator/items/{item.id}/resolve", {"note": "Talked; safe tonight."}).status_code == 302
    _drop_flash(sam)
    # The post stays held and private; only its queue item tells the author what happened.
    assert "A listener followed up on this" in _visit(sam, f"/t/{thread_id}")


def test_a_query_string_the_page_does_not_use_is_rendered_for_members_and_not_kept(in_thread):
    _, kim, group, thread_id = in_thread
    for url in (f"/t/{thread_id}?utm=1", f"/g/{group.slug}?page=2"):
        _visit(kim, url)
        _visit(kim, url)
        with counting_queries() as statements:
            _visit(kim, url)
        assert len(statements) > KEPT_STATEMENTS


# --- several processes -----------------------------------------------------------------------


def test_a_write_on_one_process_retires_the_members_page_another_process_kept(second_process, in_thread):
    _, _, group, thread_id = in_thread
    elsewhere = Browser(second_process.test_client())
    assert elsewhere.sign_in("kim").status_code == 302
    assert "Kim Reader" in _kept(elsewhere, f"/g/{group.slug}")
    forum_thread = f"/t/{thread_id}"
    _kept(elsewhere, forum_thread)
    accounts.update_profile(_user("kim"), display_name="Kim Elsewhere", bio="", time_zone="")  # on this process
    assert "Kim Elsewhere" in _visit(elsewhere, f"/g/{group.slug}")
    forum.add_reply(_user("sam"), latest_post().thread, "From the other process.")
    assert "From the other process" in _visit(elsewhere, forum_thread)


def test_a_visitor_with_a_session_is_rendered_their_page(in_thread, browser):
    _, _, group, thread_id = in_thread
    browser.token()  # the sign-in page gave this visitor a session: not a plain visit, not a member
    for url in (f"/t/{thread_id}", f"/g/{group.slug}"):
        assert "Sign in" in _visit(browser, url)
