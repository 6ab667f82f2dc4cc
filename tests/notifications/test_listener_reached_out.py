"""A listener reaching out is heard at once, on every page, until the member opens the chat or dismisses it."""

from __future__ import annotations

from tests.conftest import text
from tests.notifications.conftest import stored

CRISIS = "I've been hoarding my pills and I'm going to kill myself tonight."
BANNER = "A listener is here for you — "


def _crisis_post(sign_in, make_group):
    group = make_group()
    dana = sign_in("dana", display_name="Dana")
    dana.post(f"/g/{group.slug}/join")
    response = dana.post(f"/g/{group.slug}/new", {"title": "Tonight", "body": CRISIS})
    assert response.headers["Location"] == "/crisis"
    return dana


def _claim_and_open_chat(listener_browser, listener_live) -> int:
    [alert] = listener_live.events("crisis_alert")
    assert listener_live.emit("claim_item", {"item": alert["id"]})["ok"]
    response = listener_browser.post(f"/moderator/items/{alert['id']}/support-chat")
    assert response.status_code == 302
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_the_member_hears_the_listener_at_once_and_the_banner_stays_until_they_open_the_chat(
    sign_in, make_group, connect, on_duty
):
    lee, lee_live = on_duty("lee")
    dana = _crisis_post(sign_in, make_group)
    dana_live = connect(dana)
    crisis_page = text(dana.get("/crisis"))
    assert "Connecting, so we can tell you here when a listener reaches out" in crisis_page
    assert BANNER not in crisis_page
    chat_id = _claim_and_open_chat(lee, lee_live)

    [live] = dana_live.events("notification_added")
    assert live["kind"] == "listener_reached_out" and live["text"] == "A listener is here for you — open the chat"
    assert live["url"] == f"/support/chats/{chat_id}"
    for page in ("/", "/crisis", "/support", "/notifications"):  # wherever she is, after reloads
        assert BANNER in text(dana.get(page)), page
    assert f'href="/notifications/{live["id"]}">Open the chat' in text(dana.get("/crisis"))

    opened = dana.get(f"/notifications/{live['id']}")
    assert opened.headers["Location"] == f"/support/chats/{chat_id}"
    assert dana_live.events("notification_settled") == [{"id": live["id"]}]  # her other tabs drop it
    assert BANNER not in text(dana.get("/"))


def test_opening_the_chat_another_way_or_dismissing_ends_the_banner(sign_in, make_group, connect, on_duty):
    lee, lee_live = on_duty("lee")
    dana = _crisis_post(sign_in, make_group)
    chat_id = _claim_and_open_chat(lee, lee_live)
    assert dana.get(f"/support/chats/{chat_id}").status_code == 200
    assert BANNER not in text(dana.get("/"))
    [notice] = stored()
    assert notice.settled_at is not None


def test_a_dismissed_banner_stays_dismissed_and_a_stale_dismiss_is_harmless(sign_in, make_group, connect, on_duty):
    lee, lee_live = on_duty("lee")
    dana = _crisis_post(sign_in, make_group)
    _claim_and_open_chat(lee, lee_live)
    [notice] = stored()
    response = dana.post(f"/notifications/{notice.id}/dismiss", {"back": "/g/anything"})
    assert response.status_code == 302 and response.headers["Location"] == "/g/anything"
    assert BANNER not in text(dana.get("/"))
    second_tab = connect(dana)
    assert second_tab.emit("dismiss_notification", {"notification": notice.id}) == {"ok": True}
    offsite = dana.post(f"/notifications/{notice.id}/dismiss", {"back": "//evil.example/"})
    assert offsite.headers["Location"] == "/notifications"
    for bad in ({"notification": "1"}, {"notification": None}, {}):
        ack = second_tab.emit("dismiss_notification", bad)
        assert ack["ok"] is False and "couldn't find" in ack["error"]


def test_accepting_a_request_tells_the_member_and_ending_the_chat_ends_the_banner(sign_in, connect, on_duty):
    lee, lee_live = on_duty("lee")
    sam = sign_in("sam")
    sam_live = connect(sam)
    request_id = sam_live.emit("request_listener", {})["request"]
    chat = lee_live.emit("accept_request", {"request": request_id})["chat"]
    assert [n["kind"] for n in sam_live.events("notification_added")] == ["listener_reached_out"]
    assert BANNER in text(sam.get("/"))
    assert lee_live.emit("end_support_chat", {"chat": chat["id"]})["ok"]
    assert BANNER not in text(sam.get("/"))
    assert "no longer available" in text(sam.get("/notifications"))


def test_the_listener_notice_cannot_be_turned_off(sign_in):
    sam = sign_in("sam")
    response = sam.post("/notifications/preferences", {"listener_reached_out": "off"})
    assert response.status_code == 302  # not a setting: ignored, and the page offers no such choice
    assert 'name="listener_reached_out"' not in text(sam.get("/notifications"))
