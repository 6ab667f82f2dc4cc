"""'A listener was told' means a listener's screen acknowledged the alert, not a running duty lease.

The author hears each step live in their own room (``crisis_resources``), and /crisis and the
``crisis_status`` event read the same state from the database, for the asker's own alert only.
"""

import time

import pytest

from tests.conftest import text
from tests.moderation.conftest import latest_item, post_thread

CRISIS = "I wrote my goodbye letters. I'm going to end it tonight."
SEEN = "A listener has seen your post and will reach out here"
TELLING = "are letting the listeners on duty know"
NOT_SEEN = "No listener has seen your post yet"


@pytest.fixture
def short_wait(set_config):
    set_config(CRISIS_ACK_WAIT_SECONDS=1)
    return 1


def on_duty_listener(connect, sign_in, username="lee"):
    listener = connect(sign_in(username, role="listener"))
    assert listener.emit("go_on_duty", {})["ok"]
    return listener


def test_a_listener_on_duty_who_never_acknowledges_is_not_said_to_have_seen_it(connect, member_in, sign_in,
                                                                               short_wait):  # fmt: skip
    sam, group = member_in()
    author = connect(sam)
    listener = on_duty_listener(connect, sign_in)  # its client gets the alert but never says alert_seen
    author.received()
    assert post_thread(sam, group, CRISIS).headers["Location"] == "/crisis"
    assert len(listener.events("crisis_alert")) == 1
    told = author.events("crisis_resources")
    assert [(e["state"], e["listener_alerted"]) for e in told] == [("telling", False)]
    page = text(sam.get("/crisis"))
    assert TELLING in page and SEEN not in page
    time.sleep(short_wait + 0.2)  # the wait runs out with no acknowledgement
    page = text(sam.get("/crisis?alerted=1"))  # the URL's word counts for nothing
    assert NOT_SEEN in page and SEEN not in page and "988" in page and "741741" in page
    status = author.emit("crisis_status", {})
    assert status["ok"] and status["state"] == "not_seen" and status["listener_alerted"] is False
    assert author.events("crisis_resources") == []  # nothing claimed otherwise, live


def test_the_first_acknowledgement_tells_the_author_live_and_on_reload(connect, member_in, sign_in):
    sam, group = member_in()
    author = connect(sam)
    lee, kai = on_duty_listener(connect, sign_in), on_duty_listener(connect, sign_in, "kai")
    post_thread(sam, group, CRISIS, anonymous=True)
    item = latest_item()
    assert TELLING in text(sam.get("/crisis"))
    author.received()
    assert lee.emit("alert_seen", {"item": item.id}) == {"ok": True}
    told = author.events("crisis_resources")
    assert len(told) == 1 and told[0]["listener_alerted"] is True and told[0]["state"] == "seen"
    assert SEEN in told[0]["message"] and told[0]["resources"]
    assert "lee" not in str(told[0]).lower()  # the author learns that a listener saw it, not who
    assert kai.emit("alert_seen", {"item": item.id}) == {"ok": True}
    assert author.events("crisis_resources") == []  # said once, by the first
    page = text(sam.get("/crisis"))
    assert SEEN in page and TELLING not in page
    assert author.emit("crisis_status", {})["state"] == "seen"


def test_a_claim_without_an_acknowledgement_also_counts_as_seen(connect, member_in, sign_in):
    sam, group = member_in()
    author = connect(sam)
    lee = on_duty_listener(connect, sign_in)
    post_thread(sam, group, CRISIS)
    author.received()
    assert lee.emit("claim_item", {"item": latest_item().id})["ok"]
    assert [e["state"] for e in author.events("crisis_resources")] == ["seen"]
    assert SEEN in text(sam.get("/crisis"))


def test_with_nobody_on_duty_the_author_is_told_so_and_a_later_acknowledgement_still_reaches_them(
    connect, member_in, sign_in
):
    sam, group = member_in()
    author = connect(sam)
    post_thread(sam, group, CRISIS)
    assert [e["state"] for e in author.events("crisis_resources")] == ["no_listener"]
    assert "No listener is online at this moment" in text(sam.get("/crisis"))
    lee = on_duty_listener(connect, sign_in)  # the stored alert is sent again as she comes on duty
    [alert] = lee.events("crisis_alert")
    lee.emit("alert_seen", {"item": alert["id"]})
    assert [e["state"] for e in author.events("crisis_resources")] == ["seen"]


def test_another_member_learns_nothing_of_someone_elses_alert_from_the_crisis_page(connect, member_in, sign_in):
    sam, group = member_in()
    lee = on_duty_listener(connect, sign_in)
    post_thread(sam, group, CRISIS)
    lee.emit("alert_seen", {"item": latest_item().id})
    morgan = sign_in("morgan")
    onlooker = connect(morgan)
    for url in ("/crisis", "/crisis?alerted=1", "/crisis?held=1"):
        page = text(morgan.get(url))
        assert 'id="crisis-status"' not in page
        assert SEEN not in page and TELLING not in page and NOT_SEEN not in page
        assert "988" in page  # the resources are for everyone
    assert onlooker.emit("crisis_status", {}) | {"resources": None} == {
        "ok": True, "state": "none", "listener_alerted": False, "message": "", "wait_seconds": 0,
        "resources": None,
    }  # fmt: skip
    assert onlooker.events("crisis_resources") == []
    assert 'id="crisis-status"' not in text(sign_in("visitor-turned-member").get("/crisis"))


def test_crisis_status_refuses_malformed_payloads_with_a_clear_message(connect, sign_in):
    client = connect(sign_in("sam"))
    assert client.emit("crisis_status", "not an object") == {
        "ok": False, "error": "That message was not in the expected form.",
    }  # fmt: skip
