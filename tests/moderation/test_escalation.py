"""An unclaimed crisis escalates once, to every listener and admin signed in; claims race to one winner."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from community.accounts.models import utcnow
from community.extensions import db
from community.moderator.claim_times import percentile
from moderation import escalation
from moderation.models import QueueItem
from tests.conftest import text
from tests.moderation.conftest import latest_item, post_thread

CRISIS = "I've been hoarding my pills and I'm going to kill myself tonight."


@pytest.fixture
def escalate_after(app, monkeypatch):
    def set_to(seconds: int) -> None:
        monkeypatch.setitem(app.config, "CRISIS_ESCALATE_AFTER", seconds)

    return set_to


def _crisis(member_in) -> QueueItem:
    browser, group = member_in("dana")
    post_thread(browser, group, CRISIS)
    return latest_item()


def test_an_unclaimed_crisis_escalates_once_to_every_listener_and_admin_signed_in(
    member_in, sign_in, connect, escalate_after
):
    escalate_after(180)
    off_duty = connect(sign_in("lee", role="listener"))
    admin = connect(sign_in("ada", role="admin"))
    bystander = connect(sign_in("sam"))
    item = _crisis(member_in)
    assert escalation.escalate_due() == 0  # not yet: it has waited seconds, not minutes
    escalate_after(0)
    assert escalation.escalate_due() == 1
    for client in (off_duty, admin):
        [event] = client.events("crisis_escalated")
        assert event["id"] == item.id and event["url"] == f"/moderator/items/{item.id}"
        assert "nobody claiming it" in event["text"]
    assert bystander.events("crisis_escalated") == []
    assert escalation.escalate_due() == 0  # once only
    assert off_duty.events("crisis_escalated") == []


def test_the_queue_shows_escalated_crises_in_red_until_claimed(member_in, sign_in, escalate_after):
    escalate_after(0)
    item = _crisis(member_in)
    assert escalation.escalate_due() == 1
    lee = sign_in("lee", role="listener")
    page = text(lee.get("/moderator"))
    assert "1 crisis item waited past 0 min with nobody claiming it" in page
    assert "unclaimed: every listener told" in page and ">escalated" not in page and "escalated<" not in page
    assert lee.post(f"/moderator/items/{item.id}/claim").status_code == 302
    page = text(lee.get("/moderator"))
    assert "with nobody claiming" not in page and "unclaimed: every listener told" not in page


def test_a_claimed_crisis_never_escalates(member_in, sign_in, escalate_after):
    item = _crisis(member_in)
    lee = sign_in("lee", role="listener")
    lee.post(f"/moderator/items/{item.id}/claim")
    escalate_after(0)
    assert escalation.escalate_due() == 0


def test_the_dashboard_shows_alert_to_claim_p50_and_p90_for_7_and_30_days(member_in, sign_in):
    item = _crisis(member_in)
    lee = sign_in("lee", role="listener")
    lee.post(f"/moderator/items/{item.id}/claim")
    db.session.expire_all()
    # Two more claimed crises: one 20 days ago (30-day window only), one 2 minutes after its alert.
    now = utcnow()
    for alerted, waited in ((now - timedelta(days=20), 600), (now - timedelta(hours=1), 120)):
        db.session.add(QueueItem(content_kind="post", content_id=item.content_id, author_id=item.author_id,
                                 reason=item.reason, state=item.state, is_crisis=True, alerted_at=alerted,
                                 claimed_at=alerted + timedelta(seconds=waited)))  # fmt: skip
    db.session.commit()
    page = text(lee.get("/moderator"))
    assert "Time from crisis alert to a listener's claim" in page
    rows = [line for line in page.split("<tr>") if "last 7 days" in line or "last 30 days" in line]
    assert "<td>2</td>" in rows[0] and "<td>120 s</td>" in rows[0]  # p90 of {~0 s, 120 s} is 120 s
    assert "<td>3</td>" in rows[1] and "<td>600 s</td>" in rows[1]  # p90 of three: the largest


def test_percentiles_are_nearest_rank():
    assert percentile([], 0.5) is None
    assert percentile([5.0], 0.9) == 5.0
    values = [float(n) for n in range(1, 11)]
    assert (percentile(values, 0.5), percentile(values, 0.9)) == (5.0, 9.0)


def test_two_listeners_claiming_at_once_one_wins_and_the_other_gets_a_clear_409(app, member_in, sign_in):
    item = _crisis(member_in)
    # One of them went off duty without a word (their lease ran out): claiming is still a race of two.
    lee, kim = sign_in("lee", role="listener"), sign_in("kim", role="listener")
    barrier, results = threading.Barrier(2), {}

    def claim(name, browser):
        barrier.wait()
        response = browser.post(f"/moderator/items/{item.id}/claim")
        results[name] = (response.status_code, text(response))

    threads = [threading.Thread(target=claim, args=pair) for pair in (("lee", lee), ("kim", kim))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    codes = sorted(code for code, _ in results.values())
    assert codes == [302, 409], results
    [loser] = [page for code, page in results.values() if code == 409]
    assert "This item was already claimed. Please reload the queue." in loser


def test_the_escalation_carries_the_red_count_and_a_claim_brings_it_back_down(member_in, sign_in, connect,
                                                                              escalate_after):  # fmt: skip
    lee_browser = sign_in("lee", role="listener")
    lee = connect(lee_browser)  # off duty: escalation reaches her all the same
    first = _crisis(member_in)
    browser, group = member_in("eli")
    post_thread(browser, group, CRISIS)
    second = latest_item()
    queue_page = text(lee_browser.get("/moderator"))
    assert f'data-item="{first.id}"' in queue_page and 'id="escalated-banner"' in queue_page
    assert 'data-count="0"' in queue_page and "with nobody claiming" not in queue_page
    escalate_after(0)
    assert escalation.escalate_due() == 2
    events = lee.events("crisis_escalated")
    assert [(e["id"], e["waiting_escalated"]) for e in events] == [(first.id, 1), (second.id, 2)]
    assert set(events[0]) == {"id", "url", "waited_seconds", "text", "waiting_escalated"}  # no author, no words
    kim = connect(sign_in("kim", role="listener"))
    kim.emit("go_on_duty", {})
    assert kim.emit("claim_item", {"item": first.id})["ok"]
    [claimed] = kim.events("item_claimed")
    assert claimed["id"] == first.id and claimed["waiting_escalated"] == 1
    assert 'data-count="1"' in text(lee_browser.get("/moderator"))
