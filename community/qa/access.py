"""The one funnel for reading Q&A: which sessions and questions a viewer may see, who may run them.

A session is read wherever its group is read. A held question is seen by its
asker and by listeners, by nobody else; a removed one by no one in the room.
"Not allowed to see" looks exactly like "not there".
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from community.accounts.models import User
from community.errors import Forbidden, NotFound
from community.extensions import db
from community.groups import access as group_access
from community.groups.models import Group, Membership
from community.identity import parse_id
from community.qa.models import (
    Answer,
    Attendance,
    Cohost,
    QaSession,
    Question,
    SessionReminder,
    SessionState,
)
from moderation.status import ContentStatus


def _signed_in(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated)


def get_readable_session(viewer: User | None, session_id: object) -> QaSession:
    session = db.session.get(QaSession, parse_id(session_id) or 0, options=[joinedload(QaSession.group)])
    if session is None or not group_access.can_read(viewer, session.group):
        raise NotFound("We couldn't find that session.")
    return session


def is_host(user: User | None, session: QaSession) -> bool:
    return _signed_in(user) and (user.id == session.host_id or user.is_admin)


def is_cohost(user: User | None, session: QaSession) -> bool:
    return _signed_in(user) and user.is_listener and db.session.get(Cohost, (session.id, user.id)) is not None


def can_moderate(user: User | None, session: QaSession) -> bool:
    """The host, an admin, or a listener co-hosting: they may remove any question."""
    return is_host(user, session) or is_cohost(user, session)


def require_host(user: User, session: QaSession) -> None:
    if not is_host(user, session):
        raise Forbidden("Only the session's host can do that.")


def sees_held(viewer: User | None) -> bool:
    return _signed_in(viewer) and viewer.is_listener


def _question_visible(question: Question, viewer: User | None) -> bool:
    if question.status is ContentStatus.PUBLISHED:
        return True
    if question.status in (ContentStatus.REMOVED, ContentStatus.DELETED):
        return False
    return sees_held(viewer) or (_signed_in(viewer) and viewer.id == question.author_id)


def get_readable_question(viewer: User | None, question_id: object) -> Question:
    question = db.session.get(
        Question,
        parse_id(question_id) or 0,
        options=[joinedload(Question.session).joinedload(QaSession.group)],
    )
    if question is None or not _question_visible(question, viewer):
        raise NotFound("We couldn't find that question.")
    if not group_access.can_read(viewer, question.session.group):
        raise NotFound("We couldn't find that question.")
    return question


def session_questions(session: QaSession, viewer: User | None) -> list[Question]:
    """The questions of a session page, most votes first, answers and askers in two more queries."""
    shown = Question.status == ContentStatus.PUBLISHED
    if sees_held(viewer):
        shown = Question.status.in_([ContentStatus.PUBLISHED, ContentStatus.HELD])
    elif _signed_in(viewer):
        mine = sa.and_(
            Question.author_id == viewer.id,
            Question.status.in_([ContentStatus.HELD, ContentStatus.REJECTED]),
        )
        shown = sa.or_(shown, mine)
    return list(
        db.session.scalars(
            sa.select(Question)
            .options(
                joinedload(Question.author),
                selectinload(Question.answers).joinedload(Answer.author),
            )
            .where(Question.session_id == session.id, shown)
            .order_by(Question.votes.desc(), Question.id)
        ).unique()
    )


def voted_ids(viewer: User | None, session: QaSession) -> set[int]:
    from community.qa.models import QuestionVote

    if not _signed_in(viewer):
        return set()
    return set(
        db.session.scalars(
            sa.select(QuestionVote.question_id)
            .join(Question)
            .where(Question.session_id == session.id, QuestionVote.voter_id == viewer.id)
        )
    )


def has_reminder(viewer: User | None, session: QaSession) -> bool:
    return _signed_in(viewer) and db.session.get(SessionReminder, (session.id, viewer.id)) is not None


def cohost_names(session: QaSession) -> list[str]:
    return list(
        db.session.scalars(
            sa.select(User.display_name)
            .join(Cohost, Cohost.user_id == User.id)
            .where(Cohost.session_id == session.id)
            .order_by(User.display_name)
        )
    )


def attendance(session_id: int) -> int:
    """People in the room now: distinct members, however many tabs they have open."""
    return (
        db.session.scalar(
            sa.select(sa.func.count(sa.distinct(Attendance.user_id))).where(Attendance.session_id == session_id)
        )
        or 0
    )


def _readable_groups(viewer: User | None):
    """SQL condition: sessions in groups this viewer may read (public, joined; listeners all)."""
    if sees_held(viewer):
        return sa.true()
    if not _signed_in(viewer):
        return Group.is_public
    joined = sa.select(Membership.group_id).where(Membership.user_id == viewer.id)
    return sa.or_(Group.is_public, Group.id.in_(joined))


def upcoming_sessions(viewer: User | None, group: Group | None = None, *, limit: int = 5) -> list[QaSession]:
    """Scheduled and live sessions, soonest first: one query for the home or a group page."""
    query = (
        sa.select(QaSession)
        .join(Group, Group.id == QaSession.group_id)
        .options(joinedload(QaSession.group), joinedload(QaSession.host))
        .where(QaSession.state != SessionState.CLOSED, _readable_groups(viewer))
        .order_by(QaSession.starts_at, QaSession.id)
        .limit(limit)
    )
    if group is not None:
        query = query.where(QaSession.group_id == group.id)
    return list(db.session.scalars(query))


# Every group page runs it: built once, with the group and the limit as parameters.
_GROUP_SESSIONS = (
    sa.select(QaSession)
    .options(joinedload(QaSession.host))
    .where(QaSession.group_id == sa.bindparam("group_id", type_=sa.Integer))
    .order_by(QaSession.starts_at.desc())
    .limit(sa.bindparam("limit", type_=sa.Integer))
)


def group_sessions(group: Group, *, limit: int = 20) -> tuple[list[QaSession], list[QaSession]]:
    """A group page's sessions in one query: (upcoming soonest first, archived newest first)."""
    sessions = list(db.session.scalars(_GROUP_SESSIONS, {"group_id": group.id, "limit": limit}))
    upcoming = [s for s in reversed(sessions) if not s.is_closed]
    return upcoming, [s for s in sessions if s.is_closed]
