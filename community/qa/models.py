"""Q&A sessions, their questions, votes, answers, co-hosts, reminders and who is in the room."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.accounts.models import User, utcnow
from community.extensions import db, enum_column
from community.groups.models import Group
from moderation.status import ContentStatus


class SessionState(enum.StrEnum):
    SCHEDULED = "scheduled"
    LIVE = "live"
    CLOSED = "closed"  # archived: read-only from here on


class QuestionState(enum.StrEnum):
    OPEN = "open"
    ANSWERING = "answering"  # the host picked it: "now answering"
    ANSWERED = "answered"
    SET_ASIDE = "set_aside"


class QaSession(db.Model):
    __tablename__ = "qa_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    host_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    starts_at: Mapped[datetime] = mapped_column(index=True)
    duration_minutes: Mapped[int] = mapped_column()
    state: Mapped[SessionState] = mapped_column(enum_column(SessionState), default=SessionState.SCHEDULED)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()

    group: Mapped[Group] = relationship()
    host: Mapped[User] = relationship()

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_closed(self) -> bool:
        return self.state is SessionState.CLOSED


class Question(db.Model):
    __tablename__ = "qa_questions"
    __table_args__ = (sa.CheckConstraint("votes >= 0", name="votes_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("qa_sessions.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    is_anonymous: Mapped[bool] = mapped_column(default=False)
    status: Mapped[ContentStatus] = mapped_column(enum_column(ContentStatus), default=ContentStatus.HELD)
    state: Mapped[QuestionState] = mapped_column(enum_column(QuestionState), default=QuestionState.OPEN)
    # Kept by "votes = votes + 1" in SQL beside the unique (question, voter) rows:
    # never read-modify-write.
    votes: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    session: Mapped[QaSession] = relationship()
    author: Mapped[User] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="question", order_by="Answer.id", cascade="all, delete-orphan"
    )

    @property
    def is_published(self) -> bool:
        return self.status is ContentStatus.PUBLISHED


class QuestionVote(db.Model):
    """One member's vote on one question: the primary key makes a second vote impossible."""

    __tablename__ = "qa_question_votes"

    question_id: Mapped[int] = mapped_column(sa.ForeignKey("qa_questions.id", ondelete="CASCADE"), primary_key=True)
    voter_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Answer(db.Model):
    __tablename__ = "qa_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("qa_questions.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    question: Mapped[Question] = relationship(back_populates="answers")
    author: Mapped[User] = relationship()


class Cohost(db.Model):
    """A listener helping the host: approves held questions and removes any."""

    __tablename__ = "qa_cohosts"

    session_id: Mapped[int] = mapped_column(sa.ForeignKey("qa_sessions.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    user: Mapped[User] = relationship()


class SessionReminder(db.Model):
    """A member who asked to be told when the session opens."""

    __tablename__ = "qa_reminders"

    session_id: Mapped[int] = mapped_column(sa.ForeignKey("qa_sessions.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    notified_at: Mapped[datetime | None] = mapped_column()


class Attendance(db.Model):
    """One row per socket in a session room, so attendance counts people across processes."""

    __tablename__ = "qa_attendance"

    sid: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("qa_sessions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
