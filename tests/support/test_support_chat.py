"""1:1 support chats: request, accept (exactly one wins), talk, end; nobody else reads them."""

from __future__ import annotations

import threading

from community.accounts.service import find_by_username
from community.errors import Conflict
from community.extensions import db
from community.support.models import SupportRequest
from community.support.service import accept_request


def _start(sign_in, connect, on_duty):
    listener = on_duty("lee")
    sam = connect(sign_in("sam"))
    ack = sam.emit("request_listener", {})
    assert ack["ok"] and ack["waiting"]
    return listener, sam, ack["request"]


def test_no_listener_on_duty_is_said_at_once_with_crisis_resources(sign_in, connect):
    sam = connect(sign_in("sam"))
    ack = sam.emit("request_listener", {})
    assert ack["ok"] is False and "No listener is on duty" in ack["error"]
    assert ack["crisis_resources"]["resources"][0]["name"].startswith("988")
    assert db.session.query(SupportRequest).count() == 0


def test_a_support_chat_runs_from_request_to_end(sign_in, connect, on_duty):
    listener, sam, request_id = _start(sign_in, connect, on_duty)
    requested = listener.events("support_requested")
    assert requested[0]["id"] == request_id and requested[0]["member"].startswith("member-")
    ack = listener.emit("accept_request", {"request": request_id})
    assert ack["ok"]
    chat = ack["chat"]["id"]
    assert sam.events("support_started")[0]["id"] == chat
    assert sam.emit("join_support_chat", {"chat": chat})["ok"]
    assert listener.emit("join_support_chat", {"chat": chat})["ok"]
    assert sam.emit("send_support_message", {"chat": chat, "body": "thanks for being here"})["ok"]
    sam.received()
    heard = listener.events("support_message_added")
    assert [m["text"] for m in heard] == ["thanks for being here"] and heard[0]["author"].startswith("member-")
    listener.emit("send_support_message", {"chat": chat, "body": "I'm listening"})
    assert [m["text"] for m in sam.events("support_message_added")] == ["I'm listening"]
    assert sam.emit("end_support_chat", {"chat": chat})["ok"]
    assert listener.events("support_ended")[0]["id"] == chat
    after = sam.emit("send_support_message", {"chat": chat, "body": "hello?"})
    assert after["ok"] is False and "ended" in after["error"]


def test_two_listeners_accepting_at_once_exactly_one_wins(app, sign_in, connect, on_duty, make_user):
    _, _, request_id = _start(sign_in, connect, on_duty)
    ids = [make_user(name, role="listener").id for name in ("kim", "rae")]
    results = []

    def accept(user_id):
        with app.app_context():
            try:
                accept_request(
                    db.session.get(type(find_by_username("kim")), user_id), db.session.get(SupportRequest, request_id)
                )
                results.append("won")
            except Conflict:
                results.append("lost")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=accept, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["lost", "won"]


def test_a_second_accept_gets_an_error_ack(sign_in, connect, on_duty):
    listener, _, request_id = _start(sign_in, connect, on_duty)
    other = on_duty("kim")
    assert listener.emit("accept_request", {"request": request_id})["ok"]
    late = other.emit("accept_request", {"request": request_id})
    assert late["ok"] is False and "already taken" in late["error"]


def test_a_stranger_cannot_read_or_write_or_end_a_support_chat(sign_in, connect, on_duty):
    listener, _, request_id = _start(sign_in, connect, on_duty)
    chat = listener.emit("accept_request", {"request": request_id})["chat"]["id"]
    stranger = connect(sign_in("eve"))
    other_listener = connect(sign_in("kim", role="listener"))
    for client in (stranger, other_listener):
        for event, data in (
            ("join_support_chat", {"chat": chat}),
            ("end_support_chat", {"chat": chat}),
            ("send_support_message", {"chat": chat, "body": "hi"}),
        ):
            ack = client.emit(event, data)
            assert ack == {"ok": False, "error": "We couldn't find that support chat."}, (event, ack)
    assert "support_message_added" not in [e["name"] for e in stranger.received()]


def test_a_member_cannot_accept_requests(sign_in, connect, on_duty):
    _, _, request_id = _start(sign_in, connect, on_duty)
    ash = connect(sign_in("ash"))
    assert ash.emit("accept_request", {"request": request_id}) == {"ok": False, "error": "That is for listeners only."}


def test_support_status_says_where_the_members_own_ask_stands(sign_in, connect, on_duty):
    """Read on each reconnect of "Talk to a listener": an accept sent while offline is not missed."""
    listener, sam, request_id = _start(sign_in, connect, on_duty)
    eve = connect(sign_in("eve"))
    in_line = {"ok": True, "chat": None, "request": request_id, "listeners_on_duty": True}
    assert sam.emit("support_status", {}) == in_line
    assert eve.emit("support_status", {}) == in_line | {"request": None}  # only one's own
    chat = listener.emit("accept_request", {"request": request_id})["chat"]
    assert sam.emit("support_status", {}) == in_line | {"chat": chat, "request": None}
    assert eve.emit("support_status", {})["chat"] is None
    assert sam.emit("end_support_chat", {"chat": chat["id"]})["ok"]
    assert sam.emit("support_status", {}) == in_line | {"request": None}


def test_a_member_in_line_is_told_when_the_last_listener_goes_off_duty(sign_in, connect, on_duty):
    """Nothing waits in silence: the page asks while the member waits (support.js), or on a reload."""
    listener, sam_browser = on_duty("lee"), sign_in("sam")
    sam = connect(sam_browser)
    request_id = sam.emit("request_listener", {})["request"]
    page = sam_browser.get("/support").get_data(as_text=True)
    assert "A listener will be with you soon" in page and '<div id="support-resources" hidden>' in page
    assert listener.emit("go_off_duty", {})["ok"]
    standing = sam.emit("support_status", {})
    assert standing["request"] == request_id and standing["listeners_on_duty"] is False  # still in line
    page = sam_browser.get("/support").get_data(as_text=True)
    assert "but no listener is on duty right now" in page and '<div id="support-resources" >' in page
    assert "988" in page
