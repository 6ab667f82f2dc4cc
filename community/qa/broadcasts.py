"""Events Q&A sends, and their payloads. Sent after commit (community.realtime).

Room payloads carry public names only: an anonymous asker is "Anonymous" and an
alias that is stable within one session and different across sessions, never
a name, username or id.
"""

from __future__ import annotations

from community import aliases, realtime
from community.accounts.models import Role, User
from community.extensions import db
from community.qa.models import Answer, QaSession, Question


def _alias(session_id: int, user_id: int) -> str:
    return aliases.first_choice("qa-alias", session_id, user_id)


def badge(user: User) -> str | None:
    if user.role is Role.CLINICIAN:
        return user.credential or "Clinician"
    return "Listener" if user.role is Role.LISTENER else None


def asker(question: Question) -> dict:
    """Who asked, as everyone else sees it."""
    if question.is_anonymous:
        return {
            "name": f"Anonymous {_alias(question.session_id, question.author_id)}",
            "anonymous": True,
        }
    return {"name": question.author.display_name, "anonymous": False}


def answer_payload(answer: Answer) -> dict:
    return {
        "id": answer.id,
        "question": answer.question_id,
        "html": answer.body_html,
        "author": {"name": answer.author.display_name, "badge": badge(answer.author)},
        "created_at": answer.created_at.isoformat() + "Z",
    }


def question_payload(question: Question) -> dict:
    return {
        "id": question.id,
        "session": question.session_id,
        "html": question.body_html,
        "asker": asker(question),
        "votes": question.votes,
        "state": question.state.value,
        "answers": [answer_payload(a) for a in question.answers],
        "created_at": question.created_at.isoformat() + "Z",
    }


def session_payload(session: QaSession) -> dict:
    return {"id": session.id, "state": session.state.value, "title": session.title}


def _to_room(event: str, payload: dict, session_id: int) -> None:
    realtime.publish(db.session, event, payload, room=realtime.qa_room(session_id))


def question_added(question: Question) -> None:
    _to_room("question_added", question_payload(question), question.session_id)


def question_voted(question: Question) -> None:
    _to_room("question_voted", {"id": question.id, "votes": question.votes}, question.session_id)


def question_changed(question: Question) -> None:
    """Marked answered or set aside, or back to open."""
    _to_room("question_changed", {"id": question.id, "state": question.state.value}, question.session_id)


def now_answering(question: Question) -> None:
    _to_room(
        "now_answering",
        {"session": question.session_id, "question": question.id},
        question.session_id,
    )


def answer_added(answer: Answer) -> None:
    _to_room("answer_added", answer_payload(answer), answer.question.session_id)


def question_removed(question: Question) -> None:
    _to_room("question_removed", {"id": question.id}, question.session_id)


def session_changed(session: QaSession) -> None:
    _to_room("session_changed", session_payload(session), session.id)


def attendance_changed(session_id: int, count: int) -> None:
    _to_room("attendance_changed", {"session": session_id, "count": count}, session_id)


def session_opened(session: QaSession, user_id: int) -> None:
    """The in-app reminder, to one member's own room (sent from commands too, so no url_for)."""
    realtime.publish(
        db.session,
        "session_opened",
        session_payload(session) | {"url": f"/qa/{session.id}"},
        room=realtime.user_room(user_id),
    )
