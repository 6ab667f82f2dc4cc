"""What Q&A tells members: a session they asked to be reminded of starts, their question is answered."""

from __future__ import annotations

from community.accounts.models import User
from community.errors import NotFound
from community.notifications import service as notifications
from community.notifications.models import Kind
from community.notifications.targets import Target
from community.qa import access
from community.qa.models import Answer, QaSession


def session_target(session_id: int, viewer: User) -> Target | None:
    try:
        session = access.get_readable_session(viewer, session_id)
    except NotFound:
        return None
    return Target(session.title, f"/qa/{session.id}")


def question_target(question_id: int, viewer: User) -> Target | None:
    try:
        question = access.get_readable_question(viewer, question_id)
    except NotFound:
        return None
    return Target(question.session.title, f"/qa/{question.session_id}#question-{question.id}")


def session_starting(session: QaSession, member_id: int) -> None:
    notifications.notify(member_id, Kind.SESSION_STARTING, target=("qa_session", session.id),
                         actor=session.host.display_name)  # fmt: skip


def question_answered(answer: Answer) -> None:
    question = answer.question
    notifications.notify(question.author_id, Kind.ANSWER, target=("question", question.id),
                         actor=answer.author.display_name, actor_id=answer.author_id)  # fmt: skip
