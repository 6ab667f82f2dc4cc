"""A member's data export holds their own notices: kinds, times, read state and the words they
were shown, naming no other member (a replier, anonymous or not, is "Someone", as the export
names nobody else anywhere), and nobody else's notices."""

from __future__ import annotations

import json

from tests.accounts.test_export_and_deletion import export_of
from tests.conftest import text
from tests.notifications.conftest import reply, start_thread, stored


def test_the_export_holds_the_member_s_own_notices_as_they_were_shown(forum_pair, sign_in):
    group, river, sam = forum_pair
    first = start_thread(river, group)
    second = start_thread(river, group, title="Something private")
    reply(sam, first, "Tea, then bed.", anonymous=True)
    reply(sam, first, "And a book.", anonymous=True)  # grouped with the first: one notice, two replies
    gone = reply(sam, second, "I said too much.")
    assert sam.post(f"/p/{gone}/delete").status_code == 302
    grouped, _deleted = stored()
    assert river.get(f"/notifications/{grouped.id}").status_code == 302  # followed, so read
    alias = grouped.actor
    assert alias.startswith("Anonymous ") and alias in text(river.get(f"/t/{first}"))  # as the thread shows them

    data = json.loads(export_of(river).read("data.json"))
    rows = data["notifications"]
    assert [(row["kind"], row["count"], row["read"]) for row in rows] == [("reply", 2, True), ("reply", 1, False)]
    assert rows[0]["text"] == "2 new replies in “Evenings”"
    assert rows[1]["text"] == "This is no longer available: it was deleted or hidden."
    assert rows[0]["created"].endswith("Z") and rows[0]["latest"] >= rows[0]["created"] and rows[0]["read_at"]
    assert rows[1]["read_at"] is None
    exported = json.dumps(rows)
    for secret in ("sam", "Sam", alias, "Tea, then bed", "I said too much", "Something private"):
        assert secret not in exported, secret
    assert data["notification_settings"] == {}

    sams = json.loads(export_of(sam).read("data.json"))
    assert sams["notifications"] == []  # river's notices are river's alone


def test_the_readable_page_lists_notices_and_settings(forum_pair):
    group, river, sam = forum_pair
    assert river.post("/notifications/preferences", {"mention": "off"}).status_code == 302
    reply(sam, start_thread(river, group), "Hello from me.")
    archive = export_of(river)
    page = archive.read("index.html").decode()
    assert "Notifications (1)" in page and "Someone replied in “Evenings”" in page and "unread" in page
    assert "Sam" not in page
    assert "mention: off" in page
    assert json.loads(archive.read("data.json"))["notification_settings"]["mention"] == "off"
