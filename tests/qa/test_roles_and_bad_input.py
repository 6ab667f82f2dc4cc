"""Who may do what, on every event and route; bad input gets a clear refusal, nothing half-kept."""

from __future__ import annotations

import sqlalchemy as sa

from community.extensions import db
from community.qa import service
from community.qa.models import Answer, Question, QuestionVote, SessionState
from tests.conftest import text
from tests.qa.conftest import fresh, names


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def ask(client, session_id, body="What helps?", **extra):
    return client.emit("ask_question", {"session": session_id, "body": body, **extra}, callback=True)


def test_only_the_host_or_an_admin_opens_answers_and_closes(clinic, sign_in, member_of, connect):
    c = clinic()
    sam = connect(c.member(sign_in, member_of, "sam"))
    other_doc = connect(c.member(sign_in, member_of, "dr_other", role="clinician"))
    listener = connect(c.member(sign_in, member_of, "lee", role="listener"))
    question = ask(sam, c.id)["question"]
    for client in (sam, other_doc, listener):
        for event, data in [
            ("open_session", {"session": c.id}),
            ("close_session", {"session": c.id}),
            ("pick_question", {"question": question}),
            ("answer_question", {"question": question, "body": "An answer"}),
            ("mark_question", {"question": question, "state": "answered"}),
        ]:
            ack = client.emit(event, data, callback=True)
            assert ack == {"ok": False, "error": "Only the session's host can do that."}, (
                event,
                ack,
            )
    for path in (f"/qa/{c.id}/open", f"/qa/{c.id}/close", f"/qa/{c.id}/questions/{question}/pick"):
        assert c.member(sign_in, member_of, f"m{len(path)}").post(path).status_code == 403
    assert fresh(c.id).state is SessionState.SCHEDULED and count(Answer) == 0
    admin = connect(sign_in("alex", role="admin"))
    assert admin.emit("open_session", {"session": c.id}, callback=True)["ok"]
    assert admin.emit("answer_question", {"question": question, "body": "From an admin"}, callback=True)["ok"]


def test_only_group_members_ask_and_vote(clinic, sign_in, member_of, connect):
    c = clinic()
    outsider = connect(sign_in("kim"))
    sam = connect(c.member(sign_in, member_of, "sam"))
    question = ask(sam, c.id)["question"]
    refusal = f"Join {c.group.name} to post here. There's a Join button on the group page."
    assert ask(outsider, c.id) == {"ok": False, "error": refusal}
    assert outsider.emit("vote_question", {"question": question}, callback=True) == {
        "ok": False,
        "error": refusal,
    }
    assert count(Question) == 1 and count(QuestionVote) == 0


def test_visitors_read_a_public_session_but_cannot_act_or_connect(clinic, browser, app):
    from community.extensions import socketio

    c = clinic()
    assert "Living with panic" in text(browser.get(f"/qa/{c.id}"))
    response = browser.post(f"/qa/{c.id}/questions", {"body": "hi"})
    assert response.status_code == 302 and "/signin" in response.headers["Location"]
    with app.app_context():
        assert not socketio.test_client(app, flask_test_client=browser.client).is_connected()


def test_a_private_groups_session_looks_missing_to_strangers(clinic, sign_in, connect):
    c = clinic(is_public=False)
    kim = sign_in("kim")
    assert kim.get(f"/qa/{c.id}").status_code == 404
    assert connect(kim).emit("join_session", {"session": c.id}, callback=True) == {
        "ok": False,
        "error": "We couldn't find that session.",
    }


def test_a_listener_joins_as_cohost_and_removes_a_question_live(clinic, sign_in, member_of, connect):
    c = clinic()
    sam_browser = c.member(sign_in, member_of, "sam")
    sam = connect(sam_browser)
    lee_browser = sign_in("lee", role="listener")
    lee = connect(lee_browser)
    sam.emit("join_session", {"session": c.id}, callback=True)
    question = ask(sam, c.id, "Off topic")["question"]
    assert lee.emit("remove_question", {"question": question}, callback=True)["ok"] is False
    assert lee_browser.post(f"/qa/{c.id}/cohost").status_code == 302
    assert "Co-hosts: lee" in text(lee_browser.get(f"/qa/{c.id}"))
    assert lee.emit("remove_question", {"question": question}, callback=True) == {
        "ok": True,
        "question": question,
    }
    assert {"id": question} in [e["args"][0] for e in sam.get_received() if e["name"] == "question_removed"]
    assert "Off topic" not in text(sam_browser.get(f"/qa/{c.id}"))
    assert c.member(sign_in, member_of, "moe").post(f"/qa/{c.id}/cohost").status_code == 403


def test_a_second_vote_is_refused_and_a_vote_can_be_taken_back(clinic, sign_in, member_of, connect):
    c = clinic()
    sam = connect(c.member(sign_in, member_of, "sam"))
    question = ask(sam, c.id)["question"]
    assert sam.emit("vote_question", {"question": question}, callback=True)["votes"] == 1
    assert sam.emit("vote_question", {"question": question}, callback=True) == {
        "ok": False,
        "error": "You've already voted for this question.",
    }
    assert sam.emit("unvote_question", {"question": question}, callback=True)["votes"] == 0
    assert sam.emit("unvote_question", {"question": question}, callback=True)["ok"] is False
    assert count(QuestionVote) == 0 and db.session.get(Question, question).votes == 0


def test_held_questions_cannot_be_voted_on_and_reach_the_room_once_approved(clinic, sign_in, member_of, connect):
    from moderation import actions
    from moderation.notices import latest_items

    c = clinic(premoderated=True)
    sam, river = (
        connect(c.member(sign_in, member_of, "sam")),
        connect(c.member(sign_in, member_of, "river")),
    )
    river.emit("join_session", {"session": c.id}, callback=True)
    ack = ask(sam, c.id, "Is it OK to ask about sleep?")
    assert ack["ok"] and ack["published"] is False
    assert river.emit("vote_question", {"question": ack["question"]}, callback=True)["ok"] is False
    assert sam.emit("vote_question", {"question": ack["question"]}, callback=True) == {
        "ok": False,
        "error": "Votes open once a listener has published this question.",
    }
    assert "question_added" not in names(river.get_received())
    from community.accounts.service import find_by_username

    lee = sign_in("lee", role="listener") and find_by_username("lee")
    actions.approve_item(lee, latest_items("question", [ack["question"]])[ack["question"]])
    assert [e["args"][0]["id"] for e in river.get_received() if e["name"] == "question_added"] == [ack["question"]]


def test_a_closed_session_takes_no_questions_votes_or_answers(clinic, sign_in, member_of, connect):
    c = clinic()
    sam = connect(c.member(sign_in, member_of, "sam"))
    question = ask(sam, c.id)["question"]
    service.close_session(c.host_user, c.session)
    assert ask(sam, c.id)["error"] == "This session has closed, so it no longer takes questions."
    assert sam.emit("vote_question", {"question": question}, callback=True)["ok"] is False
    host = connect(c.host)
    assert host.emit("answer_question", {"question": question, "body": "late"}, callback=True)["ok"] is False
    assert host.emit("open_session", {"session": c.id}, callback=True) == {
        "ok": False,
        "error": "This session is already closed.",
    }
    assert count(Question) == 1 and count(Answer) == 0


def test_an_answer_to_a_question_of_another_session_is_refused(clinic, sign_in, member_of, connect, make_user):
    from datetime import timedelta

    from community.accounts.models import utcnow

    c = clinic()
    other_host = make_user("dr_b", "clinician")
    member_of(other_host, c.group)
    other = service.schedule_session(
        other_host,
        c.group,
        title="Other",
        description="",
        duration_minutes=30,
        starts_at=utcnow() + timedelta(hours=2),
    )
    sam = connect(c.member(sign_in, member_of, "sam"))
    theirs = ask(sam, other.id)["question"]
    host = connect(c.host)
    host.emit("open_session", {"session": c.id}, callback=True)
    ack = host.emit("answer_question", {"question": theirs, "body": "mine?", "session": c.id}, callback=True)
    assert ack == {"ok": False, "error": "We couldn't find that question in this session."}
    assert host.emit("answer_question", {"question": theirs, "body": "mine?"}, callback=True)["ok"] is False
    assert c.host.post(f"/qa/{c.id}/questions/{theirs}/answer", {"body": "mine?"}).status_code == 404
    assert count(Answer) == 0


def test_malformed_payloads_get_a_clear_error_ack(clinic, sign_in, member_of, connect):
    c = clinic()
    sam = connect(c.member(sign_in, member_of, "sam"))
    cases = [
        ("ask_question", ["not", "a", "dict"]),
        ("ask_question", {"session": "1", "body": "x"}),
        ("ask_question", {"session": c.id, "body": 42}),
        ("ask_question", {"session": True, "body": "x"}),
        ("vote_question", {"question": None}),
        ("vote_question", {"question": -3}),
        ("join_session", {}),
        ("answer_question", {"question": 10**12, "body": "x"}),
        ("mark_question", "string"),
    ]
    for event, data in cases:
        ack = sam.emit(event, data, callback=True)
        assert ack["ok"] is False and ack["error"], (event, data, ack)
    assert count(Question) == 0


def test_an_anonymous_choice_that_is_not_true_or_false_is_refused_not_posted_under_the_name(
    clinic, sign_in, member_of, connect
):
    c = clinic()
    sam = connect(c.member(sign_in, member_of, "sam"))
    for choice in ("yes", 1, "true"):
        ack = sam.emit("ask_question", {"session": c.id, "body": "Is this normal?", "anonymous": choice}, callback=True)
        assert ack == {"ok": False, "error": "anonymous must be true or false."}
    assert count(Question) == 0


def test_oversized_questions_and_answers_are_refused_and_nothing_is_stored(clinic, sign_in, member_of, connect):
    c = clinic()
    sam = connect(c.member(sign_in, member_of, "sam"))
    assert ask(sam, c.id, "q" * 1001)["error"] == "A question needs 1 to 1,000 characters."
    assert ask(sam, c.id, "   ")["error"] == "A question needs 1 to 1,000 characters."
    response = c.member(sign_in, member_of, "river").post(f"/qa/{c.id}/questions", {"body": "q" * 1001})
    assert response.status_code == 400 and "A question needs 1 to 1,000 characters." in text(response)
    question = ask(sam, c.id)["question"]
    host = connect(c.host)
    host.emit("open_session", {"session": c.id}, callback=True)
    ack = host.emit("answer_question", {"question": question, "body": "a" * 10_001}, callback=True)
    assert ack == {"ok": False, "error": "An answer needs 1 to 10,000 characters."}
    assert host.emit("mark_question", {"question": question, "state": "deleted"}, callback=True)["ok"] is False
    assert count(Question) == 1 and count(Answer) == 0
