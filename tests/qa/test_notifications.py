"""Q&A tells members through notifications: a session they follow starts, their question is answered."""

from __future__ import annotations

import sqlalchemy as sa

from community.extensions import db
from community.qa.models import Question
from tests.conftest import text
from tests.qa.conftest import payloads


def test_a_followed_session_starting_is_a_notice_live_and_listed(clinic, sign_in, member_of, connect):
    c = clinic()
    sam, river = c.member(sign_in, member_of, "sam"), c.member(sign_in, member_of, "river")
    assert sam.post(f"/qa/{c.id}/remind").status_code == 302
    sam_io, river_io = connect(sam), connect(river)
    assert c.host.post(f"/qa/{c.id}/open").status_code == 302
    [notice] = payloads(sam_io.get_received(), "notification_added")
    assert notice["kind"] == "session_starting" and notice["url"] == f"/qa/{c.id}"
    assert notice["text"] == "The Q&A session “Living with panic” has started. Join now."
    assert payloads(river_io.get_received(), "notification_added") == []
    assert "“Living with panic” has started" in text(sam.get("/notifications"))


def test_an_answer_tells_the_asker_and_an_anonymous_asker_stays_anonymous(clinic, sign_in, member_of, connect):
    c = clinic()
    sam = c.member(sign_in, member_of, "sam", display_name="Sam Quill")
    assert (
        sam.post(f"/qa/{c.id}/questions", {"body": "Is it normal to feel dizzy?", "anonymous": "y"}).status_code == 302
    )
    question = db.session.scalar(sa.select(Question))
    sam_io, host_io = connect(sam), connect(c.host)
    assert c.host.post(f"/qa/{c.id}/open").status_code == 302
    assert c.host.post(f"/qa/{c.id}/questions/{question.id}/answer", {"body": "Yes, often."}).status_code == 302
    [notice] = payloads(sam_io.get_received(), "notification_added")
    assert notice["kind"] == "answer" and notice["text"] == "Your question in “Living with panic” has an answer."
    assert notice["url"] == f"/qa/{c.id}#question-{question.id}"
    for event in host_io.get_received():  # the host hears of no notice, and nothing names the asker
        assert event["name"] != "notification_added"
        assert "Sam Quill" not in str(event["args"]) and "sam" not in str(event["args"]).split("'")


def test_a_member_who_turned_session_notices_off_is_not_told(clinic, sign_in, member_of, connect):
    c = clinic()
    sam = c.member(sign_in, member_of, "sam")
    sam.post(f"/qa/{c.id}/remind")
    assert sam.post("/notifications/preferences", {"session_starting": "off"}).status_code == 302
    sam_io = connect(sam)
    c.host.post(f"/qa/{c.id}/open")
    assert payloads(sam_io.get_received(), "notification_added") == []
