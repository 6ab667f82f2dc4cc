"""A Q&A reminder reaches the member on whatever page they have open, and stays at /notifications.

Every signed-in page shares one connection in the member's own room and runs notifications.js,
which shows each notification_added; the member need not be on the Q&A page or in its room.
"""

from __future__ import annotations

from community.notifications.models import Kind
from tests.conftest import text
from tests.qa.conftest import payloads

STARTED = "The Q&A session “Living with panic” has started. Join now."


def test_a_reminder_arrives_live_on_an_unrelated_page_and_is_stored(clinic, sign_in, member_of, connect):
    c = clinic()
    sam = c.member(sign_in, member_of, "sam")
    river = c.member(sign_in, member_of, "river")  # asked for nothing
    assert sam.post(f"/qa/{c.id}/remind").status_code == 302
    home = text(sam.get("/"))  # sam is reading the home page, not the session
    assert "js/notifications.js" in home and 'aria-label="Notifications"' in home
    sam_tab, river_tab = connect(sam), connect(river)  # the home page's connection: no session room joined

    assert c.host.post(f"/qa/{c.id}/open").status_code == 302

    received = sam_tab.received()
    [notice] = payloads(received, "notification_added")
    assert notice["kind"] == Kind.SESSION_STARTING.value and notice["text"] == STARTED
    assert notice["url"] == f"/qa/{c.id}" and notice["unread_count"] == 1
    assert payloads(received, "session_opened")[0]["url"] == f"/qa/{c.id}"
    assert river_tab.received() == []
    assert 'aria-label="Notifications, 1 unread"' in text(sam.get(f"/g/{c.group.slug}"))  # any page's bell
    listed = text(sam.get("/notifications"))
    assert STARTED in listed and f'href="/notifications/{notice["id"]}"' in listed
    assert STARTED not in text(river.get("/notifications"))


def test_a_cancelled_reminder_or_a_kind_turned_off_sends_no_notice(clinic, sign_in, member_of, connect):
    c = clinic()
    sam, kim = c.member(sign_in, member_of, "sam"), c.member(sign_in, member_of, "kim")
    for member in (sam, kim):
        assert member.post(f"/qa/{c.id}/remind").status_code == 302
    assert sam.post(f"/qa/{c.id}/unremind").status_code == 302
    assert kim.post("/notifications/preferences", {"session_starting": "off"}).status_code == 302
    sam_tab, kim_tab = connect(sam), connect(kim)
    assert c.host.post(f"/qa/{c.id}/open").status_code == 302
    assert sam_tab.received() == []
    assert payloads(kim_tab.received(), "notification_added") == []
    for member in (sam, kim):
        assert STARTED not in text(member.get("/notifications"))
