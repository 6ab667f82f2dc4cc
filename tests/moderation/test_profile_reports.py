"""Reporting a member's profile from /u/<name>: a confirmation page, a reason, a queue item."""

from __future__ import annotations

import re

import sqlalchemy as sa

from community.accounts.models import User
from community.extensions import db
from moderation.models import HoldReason, QueueItem, QueueState
from tests.conftest import text
from tests.moderation.conftest import latest_item, post_thread


def _member(username: str) -> User:
    db.session.expire_all()
    return db.session.scalar(sa.select(User).where(User.username_key == username))


def _nasty_profile(sign_in):
    sam = sign_in("sam", display_name="Sam")
    sam.post("/settings/profile", {"display_name": "Sam", "bio": "Buy cheap pills at my shop", "time_zone": ""})
    return sam


def test_a_member_reports_a_profile_and_listeners_see_it_in_the_queue(sign_in):
    _nasty_profile(sign_in)
    kim = sign_in("kim")
    profile = kim.get("/u/sam").get_data(as_text=True)
    assert 'href="/u/sam/report"' in profile
    page = text(kim.get("/u/sam/report"))
    assert "Report Sam's profile" in page and "Why are you reporting this?" in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>")[0]  # a plain form, no script needed
    response = kim.post("/u/sam/report", {"reason": "spam", "note": "selling pills"})
    assert response.status_code == 302 and response.headers["Location"] == "/u/sam"
    item = latest_item()
    assert (item.content_kind, item.content_id, item.reason, item.state) == (
        "profile", _member("sam").id, HoldReason.REPORT, QueueState.PENDING)  # fmt: skip
    lee = sign_in("lee", role="listener")
    queue = text(lee.get("/moderator"))
    assert f"#{item.id} member profile" in queue
    shown = text(lee.get(f"/moderator/items/{item.id}"))
    assert "Buy cheap pills at my shop" in shown and "selling pills" in shown
    assert "kim" not in shown  # reporters appear by their handle only


def test_a_listener_keeps_a_reported_profile_up_or_clears_it(sign_in):
    _nasty_profile(sign_in)
    kim, river = sign_in("kim"), sign_in("river")
    assert kim.post("/u/sam/report", {"reason": "spam"}).status_code == 302
    assert river.post("/u/sam/report", {"reason": "harassment"}).status_code == 302
    items = list(db.session.scalars(sa.select(QueueItem)))
    assert len(items) == 1 and len(items[0].reports) == 2  # several reports gather on one open item
    lee = sign_in("lee", role="listener")
    assert lee.post(f"/moderator/items/{items[0].id}/reject", {"author_message": "", "note": ""}).status_code == 302
    sam = _member("sam")
    assert (sam.display_name, sam.bio) == ("sam", "")
    assert "Buy cheap pills" not in text(kim.get("/u/sam"))
    assert kim.post("/u/sam/report", {"reason": "spam"}).status_code == 302  # a new report, a new item
    item = latest_item()
    assert lee.post(f"/moderator/items/{item.id}/approve", {"note": ""}).status_code == 302
    assert latest_item().state is QueueState.APPROVED


def test_bad_reports_are_refused_and_change_nothing(sign_in):
    _nasty_profile(sign_in)
    kim = sign_in("kim")
    for data in ({"reason": ""}, {"reason": "bogus"}, {"reason": "spam", "note": "x" * 501}):
        assert kim.post("/u/sam/report", data).status_code == 400
    assert kim.get("/u/kim/report").status_code == 404  # not one's own
    assert kim.post("/u/kim/report", {"reason": "spam"}).status_code == 404
    assert kim.post("/u/nobody-here/report", {"reason": "spam"}).status_code == 404
    assert 'href="/u/kim/report"' not in kim.get("/u/kim").get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(QueueItem)) == 0


def test_visitors_are_sent_to_sign_in_and_see_no_report_link(sign_in, browser):
    _nasty_profile(sign_in)
    assert 'href="/u/sam/report"' not in browser.get("/u/sam").get_data(as_text=True)
    assert "/signin" in browser.get("/u/sam/report").headers["Location"]


def test_profile_reports_are_rate_limited(sign_in, make_user):
    for n in range(11):
        make_user(f"member{n}")
    kim = sign_in("kim")
    statuses = [kim.post(f"/u/member{n}/report", {"reason": "spam"}).status_code for n in range(11)]
    assert statuses[:10] == [302] * 10 and statuses[10] == 429


def test_an_anonymous_post_offers_no_way_to_the_author_s_profile_or_its_report(member_in, sign_in):
    sam, group = member_in()
    text = "A question I would rather ask without my name: which meetings run on Sundays?"
    post_thread(sam, group, text, anonymous=True)
    kim = sign_in("kim")
    kim.post(f"/g/{group.slug}/join")
    thread_id = re.search(r'href="/t/(\d+)"', kim.get(f"/g/{group.slug}").get_data(as_text=True)).group(1)
    page = kim.get(f"/t/{thread_id}").get_data(as_text=True)
    assert "/u/sam" not in page  # so no profile, and no profile's Report, is reachable from it
    assert re.findall(r'href="(/u/[^"]+/report)"', page) == []
