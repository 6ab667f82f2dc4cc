"""Events Q&A sends, and their payloads. Sent after commit (community.realtime).

Room payloads carry public names only: an anonymous asker is "Anonymous" and an
alias that is stable within one session and different across sessions, never
a name, username or id.
"""

from __future__ import annotations

from community import realtime
from community.extensions import db
from community.identity import aliases_in, badge, byline, first_choice
from community.qa.models import Answer, QaSession, Question


def askers(questions: list[Question]) -> dict[int, dict]:
    """Who asked each question, as everyone else sees it: one query for a whole page."""
    names = aliases_in("qa", questions[0].session_id) if any(q.is_anonymous for q in questions) else {}
    return {q.id: asker(q, names) for q in questions}


def asker(question: Question, names: dict[int, str] | None = None) -> dict:
    """Who asked, as everyone else sees it: a name, or "Anonymous" and the session's alias."""
    if names is None:
        names = aliases_in("qa", question.session_id, {question.author_id}) if question.is_anonymous else {}
    if question.is_anonymous and question.author_id not in names:
        # Asked before Q&A aliases were stored (migration 0005): the alias it was shown under.
        names = names | {question.author_id: first_choice("qa", question.session_id, question.author_id)}
    shown = byline(question, names, None)
    return {"name": shown.name, "anonymous": shown.is_anonymous}


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


def no_longer_answering(question: Question) -> None:
    """The question being answered was marked, set aside or removed: "now answering" clears."""
    _to_room("now_answering", {"session": question.session_id, "question": None}, question.session_id)


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
