"""The whole life of a session as host and members live it: schedule, ask, vote, answer, close."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from community.extensions import db
from community.qa.models import Question, QuestionState, SessionState
from tests.conftest import text
from tests.qa.conftest import fresh, names, payloads


def test_a_clinician_schedules_a_session_that_the_group_and_home_pages_list(sign_in, make_group, member_of):
    group = make_group()
    host = sign_in("dr_okafor", role="clinician", credential="Psychiatrist (MD)")
    page = host.post(
        f"/g/{group.slug}/qa/new",
        {
            "title": "Sleep and anxiety",
            "description": "Bring questions.",
            "starts_at": "2099-01-02T18:00",
            "duration": "45",
        },
    )
    assert page.status_code == 302
    session_page = text(host.get(page.headers["Location"]))
    assert "Sleep and anxiety" in session_page and "Psychiatrist (MD)" in session_page
    assert "general information, not medical advice" in session_page and 'href="/crisis"' in session_page
    assert "Sleep and anxiety" in text(host.get(f"/g/{group.slug}"))
    assert "Sleep and anxiety" in text(host.get("/"))


def test_scheduling_refuses_a_past_start_a_bad_length_and_an_empty_title(sign_in, make_group):
    group = make_group()
    host = sign_in("dr_okafor", role="clinician")
    cases = [
        (
            {"title": "T", "starts_at": "2000-01-01T10:00", "duration": "60"},
            "Pick a start time in the future.",
        ),
        (
            {"title": "T", "starts_at": "2099-01-01T10:00", "duration": "5"},
            "A session lasts 15 to 240 minutes.",
        ),
        (
            {"title": "", "starts_at": "2099-01-01T10:00", "duration": "60"},
            "A title needs 1 to 200 characters.",
        ),
        (
            {"title": "T", "starts_at": "not a date", "duration": "60"},
            "Not a valid datetime value.",
        ),
    ]
    for data, message in cases:
        response = host.post(f"/g/{group.slug}/qa/new", data)
        assert response.status_code == 400, data
        assert message in text(response)


def test_questions_are_asked_voted_up_answered_live_and_archived_answered_first(clinic, sign_in, member_of, connect):
    c = clinic()
    sam, river = c.member(sign_in, member_of, "sam"), c.member(sign_in, member_of, "river")
    host_io, sam_io, river_io = connect(c.host), connect(sam), connect(river)
    for client in (host_io, sam_io, river_io):
        assert client.emit("join_session", {"session": c.id}, callback=True)["ok"]
    first = sam_io.emit(
        "ask_question",
        {"session": c.id, "body": "Does *breathing* help?", "anonymous": False},
        callback=True,
    )
    second = river_io.emit("ask_question", {"session": c.id, "body": "How long do attacks last?"}, callback=True)
    assert first["ok"] and first["published"] and second["ok"]
    added = payloads(host_io.get_received(), "question_added")
    assert [q["html"].strip() for q in added] == [
        "<p>Does <em>breathing</em> help?</p>",
        "<p>How long do attacks last?</p>",
    ]
    assert added[0]["asker"] == {"name": "sam", "anonymous": False}

    assert sam_io.emit("vote_question", {"question": second["question"]}, callback=True) == {
        "ok": True,
        "question": second["question"],
        "votes": 1,
    }
    assert payloads(river_io.get_received(), "question_voted")[-1] == {
        "id": second["question"],
        "votes": 1,
    }

    assert host_io.emit("open_session", {"session": c.id}, callback=True)["ok"]
    assert payloads(sam_io.get_received(), "session_changed")[-1]["state"] == "live"
    assert host_io.emit("pick_question", {"question": second["question"]}, callback=True)["ok"]
    assert payloads(river_io.get_received(), "now_answering") == [{"session": c.id, "question": second["question"]}]
    ack = host_io.emit(
        "answer_question",
        {"question": second["question"], "body": "Usually **minutes**."},
        callback=True,
    )
    assert ack["ok"]
    for client in (sam_io, river_io):
        answer = payloads(client.get_received(), "answer_added")[0]
        assert answer["html"].strip() == "<p>Usually <strong>minutes</strong>.</p>"
        assert answer["author"] == {
            "name": "Dr. Okafor",
            "badge": "Licensed clinical psychologist (PsyD)",
        }

    assert host_io.emit("close_session", {"session": c.id}, callback=True)["ok"]
    assert fresh(c.id).state is SessionState.CLOSED
    archive = text(sam.get(f"/qa/{c.id}/archive"))
    assert archive.index("How long do attacks last?") < archive.index("Does <em>breathing</em> help?")
    assert "Usually <strong>minutes</strong>." in archive and "Dr. Okafor" in archive
    assert "<script" not in archive  # the archive needs no JavaScript
    assert f"/qa/{c.id}/archive" in text(sam.get(f"/g/{c.group.slug}"))


def test_the_page_works_without_javascript_through_plain_forms(clinic, sign_in, member_of):
    c = clinic()
    sam = c.member(sign_in, member_of, "sam")
    assert sam.post(f"/qa/{c.id}/questions", {"body": "Is it normal to feel dizzy?"}).status_code == 302
    question = db.session.scalar(sa.select(Question))
    assert sam.post(f"/qa/{c.id}/questions/{question.id}/vote").status_code == 302
    assert c.host.post(f"/qa/{c.id}/open").status_code == 302
    assert c.host.post(f"/qa/{c.id}/questions/{question.id}/pick").status_code == 302
    assert "Now answering" in text(sam.get(f"/qa/{c.id}"))
    assert c.host.post(f"/qa/{c.id}/questions/{question.id}/answer", {"body": "Yes, often."}).status_code == 302
    page = text(sam.get(f"/qa/{c.id}"))
    assert "Yes, often." in page and 'data-votes="1"' in page and "Answered" in page
    assert sam.post(f"/qa/{c.id}/questions/{question.id}/unvote").status_code == 302
    assert c.host.post(f"/qa/{c.id}/questions/{question.id}/mark", {"state": "set_aside"}).status_code == 302
    db.session.expire_all()
    assert question.votes == 0 and question.state is QuestionState.SET_ASIDE
    assert c.host.post(f"/qa/{c.id}/close").status_code == 302
    assert "Read the archive" in text(sam.get(f"/qa/{c.id}"))


def test_a_member_who_asked_to_be_reminded_hears_when_the_session_opens(clinic, sign_in, member_of, connect):
    c = clinic()
    sam = c.member(sign_in, member_of, "sam")
    assert sam.post(f"/qa/{c.id}/remind").status_code == 302
    assert "Cancel my reminder" in text(sam.get(f"/qa/{c.id}"))
    sam_io, river_io = connect(sam), connect(c.member(sign_in, member_of, "river"))
    assert c.host.post(f"/qa/{c.id}/open").status_code == 302
    opened = payloads(sam_io.get_received(), "session_opened")
    assert opened == [{"id": c.id, "state": "live", "title": "Living with panic", "url": f"/qa/{c.id}"}]
    assert "session_opened" not in names(river_io.get_received())


def test_attendance_is_shown_live_and_counts_people_not_tabs(clinic, sign_in, member_of, connect):
    c = clinic()
    sam = c.member(sign_in, member_of, "sam")
    host_io = connect(c.host)
    host_io.emit("join_session", {"session": c.id}, callback=True)
    tab1, tab2 = connect(sam), connect(sam)
    tab1.emit("join_session", {"session": c.id}, callback=True)
    tab2.emit("join_session", {"session": c.id}, callback=True)
    assert payloads(host_io.get_received(), "attendance_changed")[-1] == {
        "session": c.id,
        "count": 2,
    }
    tab1.disconnect()
    tab2.emit("leave_session", {"session": c.id}, callback=True)
    assert payloads(host_io.get_received(), "attendance_changed")[-1] == {
        "session": c.id,
        "count": 1,
    }
    assert "1 here now" in text(c.host.get(f"/qa/{c.id}"))


def _now_answering_shown(page: str) -> bool:
    """The "Now answering" notice as a reader without JavaScript sees it: present and not hidden."""
    notice = page[page.index('id="qa-now"') : page.index("</p>", page.index('id="qa-now"'))]
    return " hidden" not in notice.split(">", 1)[0]


def _answering_live(clinic, sign_in, member_of, connect):
    """A live session whose host picked sam's question; sam's page shows "Now answering"."""
    c = clinic()
    sam = c.member(sign_in, member_of, "sam")
    host_io, sam_io = connect(c.host), connect(sam)
    assert sam_io.emit("join_session", {"session": c.id}, callback=True)["ok"]
    question = sam_io.emit("ask_question", {"session": c.id, "body": "Does exercise help panic?"}, callback=True)
    assert host_io.emit("open_session", {"session": c.id}, callback=True)["ok"]
    assert host_io.emit("pick_question", {"question": question["question"]}, callback=True)["ok"]
    assert _now_answering_shown(sam.get(f"/qa/{c.id}").get_data(as_text=True))
    sam_io.get_received()
    return c, sam, host_io, sam_io, question["question"]


@pytest.mark.parametrize("how", ["answered", "set_aside", "answer", "open"])
def test_now_answering_clears_for_everyone_when_the_host_moves_on(clinic, sign_in, member_of, connect, how):
    c, sam, host_io, sam_io, question = _answering_live(clinic, sign_in, member_of, connect)
    if how == "answer":
        ack = host_io.emit("answer_question", {"question": question, "body": "Often, yes."}, callback=True)
    else:
        ack = host_io.emit("mark_question", {"question": question, "state": how}, callback=True)
    assert ack["ok"]
    assert payloads(sam_io.get_received(), "now_answering") == [{"session": c.id, "question": None}]
    db.session.expire_all()
    assert db.session.scalar(sa.select(Question.state)) is not QuestionState.ANSWERING
    assert not _now_answering_shown(sam.get(f"/qa/{c.id}").get_data(as_text=True))


def test_now_answering_clears_without_javascript_when_the_host_marks_by_form(clinic, sign_in, member_of):
    c = clinic()
    sam = c.member(sign_in, member_of, "sam")
    assert sam.post(f"/qa/{c.id}/questions", {"body": "Is it normal to feel dizzy?"}).status_code == 302
    question = db.session.scalar(sa.select(Question))
    assert c.host.post(f"/qa/{c.id}/open").status_code == 302
    assert c.host.post(f"/qa/{c.id}/questions/{question.id}/pick").status_code == 302
    assert _now_answering_shown(sam.get(f"/qa/{c.id}").get_data(as_text=True))
    assert c.host.post(f"/qa/{c.id}/questions/{question.id}/mark", {"state": "set_aside"}).status_code == 302
    page = sam.get(f"/qa/{c.id}").get_data(as_text=True)
    assert not _now_answering_shown(page) and "qa-answering" not in page


def test_picking_another_question_does_not_clear_now_answering(clinic, sign_in, member_of, connect):
    c = clinic()
    sam = c.member(sign_in, member_of, "sam")
    host_io, sam_io = connect(c.host), connect(sam)
    assert sam_io.emit("join_session", {"session": c.id}, callback=True)["ok"]
    first = sam_io.emit("ask_question", {"session": c.id, "body": "First question here"}, callback=True)
    second = sam_io.emit("ask_question", {"session": c.id, "body": "Second question here"}, callback=True)
    assert host_io.emit("open_session", {"session": c.id}, callback=True)["ok"]
    for picked in (first, second):
        assert host_io.emit("pick_question", {"question": picked["question"]}, callback=True)["ok"]
    shown = payloads(sam_io.get_received(), "now_answering")
    assert [s["question"] for s in shown] == [first["question"], second["question"]]


def test_removing_the_question_being_answered_clears_now_answering(clinic, sign_in, member_of, connect):
    c, sam, host_io, sam_io, question = _answering_live(clinic, sign_in, member_of, connect)
    assert host_io.emit("remove_question", {"question": question}, callback=True)["ok"]
    received = sam_io.get_received()
    assert payloads(received, "now_answering") == [{"session": c.id, "question": None}]
    assert payloads(received, "question_removed") == [{"id": question}]
    assert not _now_answering_shown(sam.get(f"/qa/{c.id}").get_data(as_text=True))
