"""A Q&A reminder reaches the member on whatever page they have open, and stays at /notifications.

Every signed-in page shares one connection in the member's own room and runs notifications.js,
which shows each notification_added; the member need not be on the session's page or in its
room. (test_notifications.py covers the notice itself and the kind turned off;
tests/browser/test_qa_reminder.py watches it arrive in Chromium.)
"""

from __future__ import annotations

from community.qa import service
from tests.conftest import text
from tests.qa.conftest import payloads

STARTED = "The Q&A session “Living with panic” has started. Join now."


def test_a_reminder_reaches_a_member_reading_another_session_s_archive(clinic, sign_in, member_of, connect):
    c = clinic()
    sam = c.member(sign_in, member_of, "sam")
    assert sam.post(f"/qa/{c.id}/remind").status_code == 302
    archived = service.schedule_session(c.host_user, c.group, title="Last month", description="",
                                        starts_at=c.session.starts_at, duration_minutes=30)  # fmt: skip
    service.open_session(c.host_user, archived)
    service.close_session(c.host_user, archived)
    archive = text(sam.get(f"/qa/{archived.id}"))  # the page sam has open
    assert "Read the archive" in archive
    assert "js/notifications.js" in archive and 'aria-label="Notifications"' in archive
    sam_tab = connect(sam)
    assert sam_tab.emit("join_session", {"session": archived.id})["ok"]  # the archive's room, not the new one's
    sam_tab.received()

    assert c.host.post(f"/qa/{c.id}/open").status_code == 302

    received = sam_tab.received()
    [notice] = payloads(received, "notification_added")
    assert notice["text"] == STARTED and notice["url"] == f"/qa/{c.id}" and notice["unread_count"] == 1
    assert "question_added" not in {event["name"] for event in received}  # nothing of the new room itself
    assert 'aria-label="Notifications, 1 unread"' in text(sam.get(f"/qa/{archived.id}"))
    assert STARTED in text(sam.get("/notifications"))


def test_a_cancelled_reminder_sends_no_notice(clinic, sign_in, member_of, connect):
    c = clinic()
    sam = c.member(sign_in, member_of, "sam")
    assert sam.post(f"/qa/{c.id}/remind").status_code == 302
    assert sam.post(f"/qa/{c.id}/unremind").status_code == 302
    sam_tab = connect(sam)
    assert c.host.post(f"/qa/{c.id}/open").status_code == 302
    assert sam_tab.received() == []
    assert STARTED not in text(sam.get("/notifications"))
