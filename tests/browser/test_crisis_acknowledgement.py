"""The crisis page tells the truth, live: 'a listener saw it' only once a listener's screen said so.

The listener here is a bare Socket.IO client on the listener's own session (a screen that
receives the alert but has not acknowledged it), so the test decides when ``alert_seen`` goes.
"""

from __future__ import annotations

import re
import uuid

import pytest
import socketio
from playwright.sync_api import expect

from tests.browser.conftest import join_group, new_member

CRISIS = "I've been hoarding my pills and I'm going to kill myself tonight. Nobody will miss me."


def _listener_screen(live_server, page) -> socketio.SimpleClient:
    """A live connection on the page's own session, on duty, that acknowledges nothing by itself."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
    client = socketio.SimpleClient()
    client.connect(live_server.url, headers={"Cookie": cookies, "User-Agent": page.evaluate("navigator.userAgent")},
                   transports=["websocket"])  # fmt: skip
    assert client.call("go_on_duty", {})["ok"]
    return client


def _alert_for(screen: socketio.SimpleClient, title: str) -> dict:
    """This post's alert: other tests' unclaimed crises are sent again as the screen goes on duty."""
    while True:
        event, payload = screen.receive(timeout=10)
        if event == "crisis_alert" and title in payload["excerpt"]:
            return payload


@pytest.mark.browser
def test_the_crisis_page_says_a_listener_saw_it_only_after_the_acknowledgement(live_server, new_context,
                                                                               console_errors):  # fmt: skip
    listener, listener_username, _ = new_member(new_context, "Lee")
    live_server.flask("grant-role", listener_username, "listener")
    screen = _listener_screen(live_server, listener)
    try:
        member, _, _ = new_member(new_context, "Dana")
        join_group(member, "Depression Support")
        member.get_by_role("link", name="Start a thread").click()
        title = f"Tonight {uuid.uuid4().hex[:8]}"
        member.get_by_label("Title").fill(title)
        member.get_by_label("What would you like to say?").fill(CRISIS)
        member.get_by_role("button", name="Post thread").click()
        expect(member).to_have_url(re.compile(r"/crisis$"))
        status = member.locator("#crisis-status")
        expect(status).to_contain_text("are letting the listeners on duty know")

        alert = _alert_for(screen, title)
        # Nobody acknowledged within CRISIS_ACK_WAIT_SECONDS (3 s on this server): the page says so.
        expect(status).to_contain_text("No listener has seen your post yet", timeout=8_000)
        expect(status).to_contain_text("741741")
        expect(status).not_to_contain_text("A listener has seen your post")

        assert screen.call("alert_seen", {"item": alert["id"]}) == {"ok": True}
        expect(status).to_contain_text("A listener has seen your post and will reach out here", timeout=3_000)
        member.reload()  # the page reads the state from the server, not the URL
        expect(member.locator("#crisis-status")).to_contain_text("A listener has seen your post")
        assert console_errors == []
    finally:
        screen.disconnect()
