"""The moderator view through its pages: who may see it, what it shows, reveal and reports."""

import pytest

from community.extensions import db
from moderation.models import AuditEntry, HoldReason, QueueState
from moderation.status import ContentStatus
from tests.conftest import text
from tests.moderation.conftest import latest_item, latest_post, only_thread, post_thread

CRISIS = "I'm going to end it tonight, I have the pills right here."
MISINFO = "Cold turkey off benzos is totally fine, I did it."

ROUTES = [
    ("get", "/moderator"), ("get", "/moderator/items/{id}"), ("get", "/moderator/audit"),
    ("post", "/moderator/items/{id}/claim"), ("post", "/moderator/items/{id}/approve"),
    ("post", "/moderator/items/{id}/reject"), ("post", "/moderator/items/{id}/resolve"),
    ("post", "/moderator/items/{id}/reveal"),
]  # fmt: skip


@pytest.mark.parametrize("role", ["member", "clinician"])
def test_every_moderator_route_refuses_members_and_clinicians_with_the_same_403(member_in, sign_in, role):
    sam, group = member_in()
    post_thread(sam, group, CRISIS)
    item_id = latest_item().id
    other = sign_in("other", role=role)
    for method, url in ROUTES:
        response = getattr(other, method)(url.format(id=item_id))
        assert response.status_code == 403, url
        assert "The moderator view is for trained listeners." in text(response)
    assert latest_item().state is QueueState.PENDING


def test_visitors_are_sent_to_sign_in(browser):
    for _, url in ROUTES[:3]:
        response = browser.get(url.format(id=1))
        assert response.status_code == 302 and "/signin" in response.headers["Location"]


def test_unknown_items_are_404_for_listeners(sign_in):
    lee = sign_in("lee", role="listener")
    item_routes = [(method, url) for method, url in ROUTES if "{id}" in url]
    assert len(item_routes) == 6
    for method, url in item_routes:
        assert getattr(lee, method)(url.format(id=4242)).status_code == 404, url


def test_the_queue_lists_crisis_first_then_oldest_and_filters(member_in, sign_in):
    sam, group = member_in()
    lee = sign_in("lee", role="listener")
    post_thread(sam, group, MISINFO, title="one")
    post_thread(sam, group, "Naloxone doesnt work on fentanyl so dont bother carrying it.", title="two")
    post_thread(sam, group, CRISIS, title="three")
    page = text(lee.get("/moderator"))
    order = [page.index(f"#{n} forum post") for n in (3, 1, 2)]
    assert order == sorted(order)
    assert "#3 forum post" not in text(lee.get("/moderator?label=misinformation"))
    assert "#1 forum post" in text(lee.get(f"/moderator?group={group.slug}&label=misinformation"))
    assert "#1 forum post" not in text(lee.get("/moderator?group=elsewhere"))
    assert "median time to claim a crisis" in page


def test_the_item_page_highlights_why_and_shows_a_handle_not_a_name(member_in, sign_in):
    sam, group = member_in()
    lee = sign_in("lee", role="listener")
    post_thread(sam, group, MISINFO, anonymous=True)
    item = latest_item()
    page = lee.get(f"/moderator/items/{item.id}").get_data(as_text=True)
    assert '<mark title="misinformation: misinfo.benzo-cold-turkey' in page
    assert item.author_handle in page
    assert ">sam<" not in page and "@sam" not in page


def test_an_admin_reveals_an_anonymous_author_and_the_reveal_is_audited(member_in, sign_in):
    sam, group = member_in()
    post_thread(sam, group, MISINFO, anonymous=True)
    item = latest_item()
    lee, ada = sign_in("lee", role="listener"), sign_in("ada", role="admin")
    assert lee.post(f"/moderator/items/{item.id}/reveal", {"reason": "curious"}).status_code == 403
    no_reason = ada.post(f"/moderator/items/{item.id}/reveal", {"reason": ""})
    assert no_reason.status_code == 400 and "sam" not in text(no_reason).split("Author:")[-1][:20]
    revealed = text(ada.post(f"/moderator/items/{item.id}/reveal", {"reason": "Threats in several posts"}))
    assert "Author: <strong>sam</strong>" in revealed
    entry = db.session.query(AuditEntry).filter_by(action="reveal").one()
    assert entry.subject_id == item.author_id and entry.note == "Threats in several posts"


def test_a_report_becomes_a_queue_item_and_the_reporter_stays_private(member_in, sign_in, make_user, member_of):
    sam, group = member_in()
    post_thread(sam, group, "Buy cheap followers at my site, best prices!")
    post = latest_post()
    kim = sign_in("kim")
    kim.post(f"/g/{group.slug}/join")
    kim.post(f"/t/{post.thread_id}/reply", {"body": "Is this allowed here?", "anonymous": "y"})
    assert text(kim.get(f"/p/{post.id}/report")).count("Why are you reporting this?") == 1
    assert kim.post(f"/p/{post.id}/report", {"reason": ""}).status_code == 400
    assert kim.post(f"/p/{post.id}/report", {"reason": "harassment", "note": "mean"}).status_code == 302
    item = latest_item()
    assert item.reason is HoldReason.REPORT and item.reports[0].reporter.username == "kim"
    assert "kim" not in text(sam.get(f"/t/{post.thread_id}"))
    lee = sign_in("lee", role="listener")
    lee.post(f"/moderator/items/{item.id}/reject", {"author_message": ""})
    db.session.expire_all()
    assert db.session.get(type(post), post.id).status is ContentStatus.REMOVED
    assert "removed by a listener" in text(kim.get(f"/t/{post.thread_id}"))


def test_worried_reports_raise_a_crisis_alert(member_in, sign_in):
    sam, group = member_in()
    post_thread(sam, group, "Everything feels grey lately.")
    kim = sign_in("kim")
    kim.post(f"/p/{latest_post().id}/report", {"reason": "worried"})
    item = latest_item()
    assert item.is_crisis and item.alerted_at is not None


def test_reporting_is_rate_limited(member_in, sign_in):
    sam, group = member_in()
    for n in range(11):
        post_thread(sam, group, f"Post number {n} about my day.", title=f"Day {n}")
    kim = sign_in("kim")
    from community.forum.models import Post

    ids = [p.id for p in db.session.query(Post).order_by(Post.id)]
    statuses = [kim.post(f"/p/{pid}/report", {"reason": "spam"}).status_code for pid in ids]
    assert statuses[:10] == [302] * 10 and statuses[10] == 429


def test_nobody_else_sees_held_content_anywhere(member_in, sign_in, browser):
    sam, group = member_in()
    post_thread(sam, group, "A calm opening post.", title="Open thread")
    thread_id = only_thread().id
    sam.post(f"/t/{thread_id}/reply", {"body": MISINFO})
    kim = sign_in("kim")
    for viewer in (kim, browser):
        for url in (f"/t/{thread_id}", f"/g/{group.slug}", "/u/sam", f"/api/threads/{thread_id}",
                    f"/api/groups/{group.slug}/threads"):  # fmt: skip
            assert "benzos" not in text(viewer.get(url)), url
        assert "0 replies" in text(viewer.get(f"/g/{group.slug}"))
