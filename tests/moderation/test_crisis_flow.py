"""The crisis flow, end to end over Socket.IO: the author gets resources, on-duty listeners the alert."""

import time

from community.extensions import socketio
from moderation import screening
from moderation.models import QueueState
from tests.conftest import names, text
from tests.moderation.conftest import latest_item, post_thread

CRISIS = "I wrote my goodbye letters. I'm going to end it tonight."


def test_a_crisis_post_alerts_on_duty_listeners_and_sends_resources_to_its_author(connect, member_in, sign_in):
    sam, group = member_in()
    lee, off = sign_in("lee", role="listener"), sign_in("kai", role="listener")
    listener, off_duty, author = connect(lee), connect(off), connect(sam)
    assert listener.emit("go_on_duty", {}, callback=True) == {"ok": True, "on_duty": True}
    for client in (listener, off_duty, author):
        client.get_received()
    screening.warm()  # as the production server does at start (community/wsgi.py)
    submitted = time.perf_counter()
    post_thread(sam, group, CRISIS, anonymous=True)
    alerts = [e for e in listener.get_received() if e["name"] == "crisis_alert"]
    latency_ms = (time.perf_counter() - submitted) * 1000
    print(f"\nsubmission → crisis_alert received: {latency_ms:.1f} ms (HTTP post, screening, commit, emit)")
    assert len(alerts) == 1
    alert = alerts[0]["args"][0]
    item = latest_item()
    assert alert["id"] == item.id and alert["crisis"] and "crisis" in alert["labels"]
    assert alert["author"] == item.author_handle and "sam" not in str(alert).lower()
    resources = [e for e in author.get_received() if e["name"] == "crisis_resources"]
    # Not "a listener was told" yet: that waits for the listener's screen to say alert_seen.
    assert len(resources) == 1 and resources[0]["args"][0]["listener_alerted"] is False
    assert resources[0]["args"][0]["state"] == "telling"
    assert any("988" in r["how"] for r in resources[0]["args"][0]["resources"])
    assert "crisis_alert" not in names(off_duty.get_received())


def test_the_first_listener_to_claim_over_the_socket_owns_the_crisis(connect, member_in, sign_in):
    sam, group = member_in()
    lee, kai = connect(sign_in("lee", role="listener")), connect(sign_in("kai", role="listener"))
    for client in (lee, kai):
        client.emit("go_on_duty", {}, callback=True)
    post_thread(sam, group, CRISIS)
    item_id = latest_item().id
    first = lee.emit("claim_item", {"item": item_id}, callback=True)
    second = kai.emit("claim_item", {"item": item_id}, callback=True)
    assert first["ok"] is True and first["url"] == f"/moderator/items/{item_id}"
    assert second == {"ok": False, "error": "This item was already claimed. Please reload the queue."}
    claimed = [e for e in kai.get_received() if e["name"] == "item_claimed"]
    assert claimed and claimed[-1]["args"][0]["claimed_by"] == "lee"
    item = latest_item()
    assert item.state is QueueState.ESCALATED and item.claimed_at >= item.alerted_at >= item.created_at


def test_with_no_listener_on_duty_the_author_is_still_shown_resources(connect, member_in):
    sam, group = member_in()
    author = connect(sam)
    author.get_received()
    response = post_thread(sam, group, CRISIS)
    assert response.headers["Location"].startswith("/crisis")
    payload = [e for e in author.get_received() if e["name"] == "crisis_resources"][0]["args"][0]
    assert payload["listener_alerted"] is False and payload["state"] == "no_listener" and payload["resources"]
    page = text(sam.get(response.headers["Location"]))
    assert "No listener is online at this moment" in page and "A listener has seen your post" not in page
    assert "988" in page


def test_going_off_duty_or_disconnecting_stops_alerts(connect, member_in, sign_in):
    sam, group = member_in()
    lee = connect(sign_in("lee", role="listener"))
    lee.emit("go_on_duty", {}, callback=True)
    assert lee.emit("go_off_duty", {}, callback=True) == {"ok": True, "on_duty": False}
    lee.get_received()
    post_thread(sam, group, CRISIS)
    assert "crisis_alert" not in names(lee.get_received())
    from moderation.queue import listeners_on_duty

    kai = connect(sign_in("kai", role="listener"))
    kai.emit("go_on_duty", {}, callback=True)
    assert listeners_on_duty() == 1
    kai.disconnect()
    assert listeners_on_duty() == 0


def test_members_and_clinicians_get_the_same_refusal_for_every_listener_event(connect, member_in, sign_in):
    sam, group = member_in()
    post_thread(sam, group, CRISIS)
    item_id = latest_item().id
    for username, role in (("morgan", "member"), ("doctor", "clinician")):
        client = connect(sign_in(username, role=role))
        for event, payload in (("go_on_duty", {}), ("go_off_duty", {}), ("claim_item", {"item": item_id})):
            assert client.emit(event, payload, callback=True) == {"ok": False, "error": "That is for listeners only."}
        post_thread(sam, group, "I'm going to end it tonight, this is my last post.")
        assert "crisis_alert" not in names(client.get_received())
    assert latest_item().state is QueueState.PENDING


def test_malformed_listener_events_get_clear_errors(connect, sign_in):
    lee = connect(sign_in("lee", role="listener"))
    assert lee.emit("claim_item", "not an object", callback=True)["ok"] is False
    assert lee.emit("claim_item", {"item": "1"}, callback=True) == {
        "ok": False,
        "error": "We couldn't find that queue item.",
    }
    assert lee.emit("claim_item", {"item": 99999}, callback=True)["ok"] is False
    assert lee.emit("claim_item", {}, callback=True)["ok"] is False


def test_visitors_cannot_open_a_socket(app, browser):
    client = socketio.test_client(app, flask_test_client=browser.client)
    assert not client.is_connected()


def test_the_listener_who_claimed_a_crisis_reaches_out_in_a_private_chat(connect, member_in, sign_in):
    sam, group = member_in()
    author = connect(sam)
    post_thread(sam, group, CRISIS, anonymous=True)
    item_id = latest_item().id
    lee, kai = sign_in("lee", role="listener"), sign_in("kai", role="listener")
    page = f"/moderator/items/{item_id}"
    assert "Reach out in a private chat" not in text(lee.get(page))  # not before claiming
    lee.post(f"{page}/claim")
    assert "Reach out in a private chat" in text(lee.get(page))
    assert "Reach out in a private chat" not in text(kai.get(page))  # only for whoever owns it
    assert kai.post(f"{page}/support-chat").status_code == 403
    author.get_received()
    opened = lee.post(f"{page}/support-chat")
    chat_url = opened.headers["Location"]
    assert opened.status_code == 302 and chat_url.startswith("/support/chats/")
    started = [e["args"][0] for e in author.get_received() if e["name"] == "support_started"]
    assert started and started[0]["url"] == chat_url and started[0]["listener"].endswith("(Listener)")
    assert lee.post(f"{page}/support-chat").headers["Location"] == chat_url  # a second click: the same chat
    assert sam.get(chat_url).status_code == 200 and kai.get(chat_url).status_code in (403, 404)
