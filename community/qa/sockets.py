"""Q&A live events. Each handler resolves and authorizes through access, then calls a use case.

Client sends: join_session, leave_session, ask_question, vote_question, unvote_question,
pick_question, answer_question, mark_question, remove_question, open_session, close_session.
Server sends (community.qa.broadcasts): question_added, question_voted, question_changed,
question_removed, now_answering, answer_added, session_changed, attendance_changed, session_opened.
"""

from __future__ import annotations

from flask import request
from flask_login import current_user
from flask_socketio import SocketIO, join_room, leave_room

from community import realtime
from community.errors import NotFound
from community.identity import parse_flag
from community.qa import access, service
from community.qa.broadcasts import answer_payload, session_payload
from community.realtime import socket_event


def _question(data: dict):
    question = access.get_readable_question(current_user, data.get("question"))
    if "session" in data and data["session"] != question.session_id:
        raise NotFound("We couldn't find that question in this session.")
    return question


@socket_event
def join_session(data: dict) -> dict:
    session = access.get_readable_session(current_user, data.get("session"))
    join_room(realtime.qa_room(session.id))
    if not session.is_closed:
        service.attend(current_user, session, request.sid)
    return {"ok": True, "session": session_payload(session)}


@socket_event
def leave_session(data: dict) -> dict:
    session = access.get_readable_session(current_user, data.get("session"))
    leave_room(realtime.qa_room(session.id))
    service.leave(request.sid)
    return {"ok": True}


@socket_event
def ask_question(data: dict) -> dict:
    session = access.get_readable_session(current_user, data.get("session"))
    question, review = service.ask_question(
        current_user, session, data.get("body"), anonymous=parse_flag(data.get("anonymous", False), "anonymous")
    )
    return {
        "ok": True,
        "question": question.id,
        "published": review.published,
        "crisis": review.decision.crisis,
    }


@socket_event
def vote_question(data: dict) -> dict:
    question = service.vote(current_user, _question(data))
    return {"ok": True, "question": question.id, "votes": question.votes}


@socket_event
def unvote_question(data: dict) -> dict:
    question = service.unvote(current_user, _question(data))
    return {"ok": True, "question": question.id, "votes": question.votes}


@socket_event
def pick_question(data: dict) -> dict:
    question = service.pick_question(current_user, _question(data))
    return {"ok": True, "question": question.id}


@socket_event
def answer_question(data: dict) -> dict:
    answer = service.answer_question(current_user, _question(data), data.get("body"))
    return {"ok": True, "answer": answer_payload(answer)}


@socket_event
def mark_question(data: dict) -> dict:
    question = service.mark_question(current_user, _question(data), data.get("state"))
    return {"ok": True, "question": question.id, "state": question.state.value}


@socket_event
def remove_question(data: dict) -> dict:
    question = service.remove_question(current_user, _question(data))
    return {"ok": True, "question": question.id}


@socket_event
def open_session(data: dict) -> dict:
    session = service.open_session(current_user, access.get_readable_session(current_user, data.get("session")))
    return {"ok": True, "session": session_payload(session)}


@socket_event
def close_session(data: dict) -> dict:
    session = service.close_session(current_user, access.get_readable_session(current_user, data.get("session")))
    return {"ok": True, "session": session_payload(session)}


def on_disconnect() -> None:
    """Called from community.sockets when a socket goes: it leaves every session it attended."""
    service.leave(request.sid)


def register(socketio: SocketIO) -> None:
    for handler in (
        join_session,
        leave_session,
        ask_question,
        vote_question,
        unvote_question,
        pick_question,
        answer_question,
        mark_question,
        remove_question,
        open_session,
        close_session,
    ):
        socketio.on_event(handler.__name__, handler)
