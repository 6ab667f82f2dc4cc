"""Smaller things members expect (issue 14 item 10): the reply box of one's own anonymous thread,
a confirmation before deleting, listeners' menus, plain words in the moderator view."""

from __future__ import annotations

import re

from community.extensions import db
from community.forum.models import Post
from moderation.status import ContentStatus
from tests.conftest import text


def _anonymous_box(page: str) -> bool:
    box = re.search(r'<input[^>]*id="anonymous"[^>]*>', page).group(0)
    return "checked" in box


def test_a_reply_in_ones_own_anonymous_thread_is_anonymous_unless_changed(sign_in, make_group):
    quinn, sam = sign_in("quinn"), sign_in("sam")
    group = make_group()
    for browser in (quinn, sam):
        browser.post(f"/g/{group.slug}/join")
    response = quinn.post(f"/g/{group.slug}/new", {"title": "Quietly", "body": "Hard week.", "anonymous": "y"})
    thread = response.headers["Location"]
    assert _anonymous_box(text(quinn.get(thread)))
    assert not _anonymous_box(text(sam.get(thread)))  # someone else's thread: their own choice


def test_deleting_a_post_asks_first_and_keeping_it_changes_nothing(sign_in, make_group):
    quinn = sign_in("quinn")
    group = make_group()
    quinn.post(f"/g/{group.slug}/join")
    thread = quinn.post(f"/g/{group.slug}/new", {"title": "Hm", "body": "Second thoughts."}).headers["Location"]
    post = Post.query.one()
    page = text(quinn.get(f"/p/{post.id}/delete"))
    assert "Delete your post?" in page and "Second thoughts." in page
    assert Post.query.one().status is ContentStatus.PUBLISHED
    assert f'href="/p/{post.id}/delete"' in text(quinn.get(thread))  # a link to the question, not a button
    assert quinn.post(f"/p/{post.id}/delete").status_code == 302
    db.session.expire_all()  # the request changed the row; this session still holds the old one
    assert Post.query.one().status is ContentStatus.DELETED


def test_a_listeners_menu_does_not_offer_talking_to_a_listener(sign_in):
    assert "Talk to a listener" not in text(sign_in("lee", role="listener").get("/"))
    assert "Talk to a listener" in text(sign_in("sam").get("/"))


def test_the_moderator_view_speaks_plain_words(sign_in, make_group):
    lee, quinn = sign_in("lee", role="listener"), sign_in("quinn")
    group = make_group()
    quinn.post(f"/g/{group.slug}/join")
    quinn.post(f"/g/{group.slug}/new", {"title": "Tonight", "body": "I'm going to end it tonight, I have the pills."})
    queue = text(lee.get("/moderator"))
    item = re.search(r'href="(/moderator/items/\d+)"', queue).group(1)
    page = text(lee.get(item))
    for jargon in (">escalated", ">crisis.", "chat_message", ">pending<"):  # as text, not as attribute values
        assert jargon not in queue + page, jargon
    assert "crisis: " in page
