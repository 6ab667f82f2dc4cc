"""Q&A use cases: schedule, open and close a session; ask, vote, pick, answer, mark, remove.

Each is one transaction (``@atomic``) that checks who may act, writes, and
announces after commit through community.qa.broadcasts. Questions take the
one content pipeline (moderation.pipeline): validated here, then screened,
decided, rendered, stored, and published or held.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from community.accounts.models import User, utcnow
from community.errors import Conflict, Forbidden, InvalidInput, NotFound
from community.extensions import db
from community.groups import access as group_access
from community.groups.models import Group
from community.identity import alias_for
from community.qa import access, broadcasts, notices
from community.qa.models import (
    Answer,
    Attendance,
    Cohost,
    QaSession,
    Question,
    QuestionState,
    QuestionVote,
    SessionReminder,
    SessionState,
)
from community.qa.moderation import QUESTIONS
from community.rendering import render_markdown
from community.transactions import atomic, update_if
from moderation import pipeline, queue
from moderation.pipeline import Review
from moderation.status import ContentStatus

MAX_TITLE_CHARS = 200
MAX_DESCRIPTION_CHARS = 5_000
MAX_QUESTION_CHARS = 1_000
MAX_ANSWER_CHARS = 10_000
DURATIONS = range(15, 241)  # minutes
# How far ahead a session may be put on the calendar: a year-9999 start overflowed its end time.
SCHEDULE_AHEAD_YEARS = 100


def _text(value: object, limit: int, what: str, *, required: bool = True) -> str:
    value = value.strip() if isinstance(value, str) else ""
    if (required and not value) or len(value) > limit:
        raise InvalidInput(f"{what} needs {1 if required else 0} to {limit:,} characters.")
    return value


@atomic
def schedule_session(
    host: User,
    group: Group,
    *,
    title: object,
    description: object,
    starts_at: object,
    duration_minutes: object,
) -> QaSession:
    """A clinician puts a session on a group's calendar."""
    if not host.is_clinician:
        raise Forbidden("Only clinicians can host a Q&A session.")
    if not group_access.can_read(host, group):
        raise NotFound("We couldn't find that group.")
    if not isinstance(starts_at, datetime) or starts_at < utcnow():
        raise InvalidInput("Pick a start time in the future.")
    if starts_at.year > utcnow().year + SCHEDULE_AHEAD_YEARS:
        raise InvalidInput(f"Pick a start time within the next {SCHEDULE_AHEAD_YEARS} years.")
    if duration_minutes not in DURATIONS:
        raise InvalidInput(f"A session lasts {DURATIONS.start} to {DURATIONS.stop - 1} minutes.")
    session = QaSession(
        group=group,
        host=host,
        title=_text(title, MAX_TITLE_CHARS, "A title"),
        description=_text(description, MAX_DESCRIPTION_CHARS, "A description", required=False),
        starts_at=starts_at,
        duration_minutes=duration_minutes,
    )
    db.session.add(session)
    return session


def _move(session: QaSession, from_states: set[SessionState], to: SessionState, **values) -> None:
    """One guarded UPDATE, so two clicks (or two hosts) cannot both open or close a session."""
    if not update_if(session, QaSession.state.in_(from_states), state=to, **values):
        raise Conflict(f"This session is already {session.state.value}.")


@atomic
def open_session(actor: User, session: QaSession) -> QaSession:
    """The host goes live; members who asked to be reminded are told."""
    access.require_host(actor, session)
    _move(session, {SessionState.SCHEDULED}, SessionState.LIVE, opened_at=utcnow())
    broadcasts.session_changed(session)
    reminders = db.session.scalars(
        sa.select(SessionReminder).where(
            SessionReminder.session_id == session.id, SessionReminder.notified_at.is_(None)
        )
    )
    for reminder in reminders:
        reminder.notified_at = utcnow()
        broadcasts.session_opened(session, reminder.user_id)
        notices.session_starting(session, reminder.user_id)
    return session


@atomic
def close_session(actor: User, session: QaSession) -> QaSession:
    """End the session: it becomes a read-only archive; the room is told."""
    access.require_host(actor, session)
    _move(
        session,
        {SessionState.SCHEDULED, SessionState.LIVE},
        SessionState.CLOSED,
        closed_at=utcnow(),
    )
    db.session.execute(
        sa.update(Question)
        .where(Question.session_id == session.id, Question.state == QuestionState.ANSWERING)
        .values(state=QuestionState.OPEN)
    )
    db.session.execute(sa.delete(Attendance).where(Attendance.session_id == session.id))
    broadcasts.session_changed(session)
    return session


def _require_open(session: QaSession, what: str) -> None:
    if session.is_closed:
        raise Conflict(f"This session has closed, so it no longer takes {what}.")


@atomic
def ask_question(author: User, session: QaSession, body: object, *, anonymous: bool = False) -> tuple[Question, Review]:
    """A member asks; the question is screened, then shown to the room or held for a listener."""
    group_access.require_member(author, session.group)
    _require_open(session, "questions")
    body = _text(body, MAX_QUESTION_CHARS, "A question")
    if anonymous:
        alias_for("qa", session.id, author.id)  # before the question is announced under it
    question = Question(session=session, author=author, body=body, is_anonymous=bool(anonymous))
    return question, pipeline.submit(QUESTIONS, question, author=author, group=session.group)


def _votable(voter: User, question: Question) -> None:
    group_access.require_member(voter, question.session.group)
    _require_open(question.session, "votes")
    if not question.is_published:
        raise Conflict("Votes open once a listener has published this question.")


def _add_to_votes(question: Question, delta: int) -> None:
    # In SQL, never read-modify-write: concurrent votes each add exactly one.
    db.session.execute(
        sa.update(Question)
        .where(Question.id == question.id)
        .values(votes=Question.votes + delta)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(question, ["votes"])
    broadcasts.question_voted(question)


@atomic
def vote(voter: User, question: Question) -> Question:
    """One vote per member per question; the unique key turns a second into a clear refusal."""
    _votable(voter, question)
    try:
        with db.session.begin_nested():
            db.session.add(QuestionVote(question_id=question.id, voter_id=voter.id))
    except sa.exc.IntegrityError:
        raise Conflict("You've already voted for this question.") from None
    _add_to_votes(question, +1)
    return question


@atomic
def unvote(voter: User, question: Question) -> Question:
    """Take a vote back."""
    _votable(voter, question)
    deleted = db.session.execute(
        sa.delete(QuestionVote).where(QuestionVote.question_id == question.id, QuestionVote.voter_id == voter.id)
    )
    if deleted.rowcount != 1:
        raise Conflict("You haven't voted for this question.")
    _add_to_votes(question, -1)
    return question


def _hosting(actor: User, question: Question) -> None:
    access.require_host(actor, question.session)
    if question.session.state is not SessionState.LIVE:
        raise Conflict("Open the session first: questions are answered while it's live.")
    if not question.is_published:
        raise Conflict("That question isn't published.")


@atomic
def pick_question(actor: User, question: Question) -> Question:
    """The host picks a question: everyone sees "now answering"."""
    _hosting(actor, question)
    db.session.execute(
        sa.update(Question)
        .where(
            Question.session_id == question.session_id,
            Question.state == QuestionState.ANSWERING,
            Question.id != question.id,
        )
        .values(state=QuestionState.OPEN)
        .execution_options(synchronize_session="fetch")
    )
    question.state = QuestionState.ANSWERING
    broadcasts.now_answering(question)
    return question


@atomic
def answer_question(actor: User, question: Question, body: object) -> Answer:
    """The host's answer, Markdown rendered and sanitized, shown live with their badge."""
    _hosting(actor, question)
    body = _text(body, MAX_ANSWER_CHARS, "An answer")
    answer = Answer(question=question, author=actor, body=body, body_html=render_markdown(body))
    db.session.add(answer)
    db.session.flush()
    broadcasts.answer_added(answer)
    notices.question_answered(answer)
    if question.state is not QuestionState.ANSWERED:
        _set_state(question, QuestionState.ANSWERED)
    return answer


def _set_state(question: Question, state: QuestionState) -> None:
    """Every move away from "answering" clears "now answering" for the whole room, not only the item."""
    was_answering = question.state is QuestionState.ANSWERING
    question.state = state
    broadcasts.question_changed(question)
    if was_answering and state is not QuestionState.ANSWERING:
        broadcasts.no_longer_answering(question)


@atomic
def mark_question(actor: User, question: Question, state: object) -> Question:
    """Mark answered, set aside, or put back to open."""
    _hosting(actor, question)
    choices = {s.value: s for s in (QuestionState.ANSWERED, QuestionState.SET_ASIDE, QuestionState.OPEN)}
    if not isinstance(state, str) or state not in choices:
        raise InvalidInput("Mark a question answered, set_aside or open.")
    _set_state(question, choices[state])
    return question


@atomic
def remove_question(actor: User, question: Question) -> Question:
    """The host, an admin or a co-host takes a question down; its text is kept for the audit."""
    if not access.can_moderate(actor, question.session):
        raise Forbidden("Only the host or a co-host can remove questions.")
    if question.status is ContentStatus.REMOVED:
        raise Conflict("That question was already removed.")
    was_shown = question.is_published
    question.status = ContentStatus.REMOVED
    if question.state is QuestionState.ANSWERING:
        question.state = QuestionState.OPEN
        broadcasts.no_longer_answering(question)
    queue.audit(actor, "remove_question", note=f"question {question.id}")
    if was_shown:
        broadcasts.question_removed(question)
    return question


@atomic
def join_as_cohost(listener: User, session: QaSession) -> None:
    """A listener co-hosts: they approve held questions (in the queue) and may remove any."""
    if not listener.is_listener:
        raise Forbidden("Co-hosts are listeners.")
    _require_open(session, "co-hosts")
    if db.session.get(Cohost, (session.id, listener.id)) is None:
        db.session.add(Cohost(session_id=session.id, user_id=listener.id))


@atomic
def request_reminder(member: User, session: QaSession) -> None:
    """Remind me when it starts: an in-app notice as the host opens the session."""
    if session.state is not SessionState.SCHEDULED:
        raise Conflict("This session has already started." if not session.is_closed else "This session has closed.")
    if db.session.get(SessionReminder, (session.id, member.id)) is None:
        db.session.add(SessionReminder(session_id=session.id, user_id=member.id))


@atomic
def cancel_reminder(member: User, session: QaSession) -> None:
    db.session.execute(
        sa.delete(SessionReminder).where(SessionReminder.session_id == session.id, SessionReminder.user_id == member.id)
    )


@atomic
def attend(user: User, session: QaSession, sid: str) -> None:
    """Someone's socket joined the room: attendance is recounted for everyone."""
    if db.session.get(Attendance, sid) is None:
        db.session.add(Attendance(sid=sid, session_id=session.id, user_id=user.id))
        db.session.flush()
    broadcasts.attendance_changed(session.id, access.attendance(session.id))


@atomic
def leave(sid: str) -> None:
    """A socket left (or disconnected): the rooms it was in are told the new count."""
    rows = db.session.execute(sa.delete(Attendance).where(Attendance.sid == sid).returning(Attendance.session_id))
    for session_id in {row[0] for row in rows}:
        broadcasts.attendance_changed(session_id, access.attendance(session_id))
