"""Demo Q&A: one upcoming session and one archived, so a new visitor sees the feature at work."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from community.accounts.models import User, utcnow
from community.extensions import db
from community.groups.models import Group
from community.qa import service

ARCHIVED_QUESTIONS = [
    (
        "sam",
        False,
        "Is it normal for panic attacks to start years after something stressful?",
        "Yes. Panic can appear long after a stressful period, often once things calm down. "
        "It doesn't mean something new is wrong; it's worth mentioning to your own doctor.",
    ),
    (
        "river",
        True,
        "How do I tell the difference between a panic attack and a heart problem?",
        "Only an examination can rule out a heart problem, so if you haven't had one, please do. "
        "If symptoms are new, severe or different from usual, call emergency services.",
    ),
    ("sam", False, "Do breathing apps actually help?", None),
]


def seed_sessions(users: dict[str, User], groups: dict[str, Group], echo: Callable[[str], None]) -> None:
    host, group = users["dr_okafor"], groups["anxiety-and-panic"]
    service.schedule_session(
        host,
        group,
        title="Ask a psychologist: panic and everyday anxiety",
        description="Bring your questions about panic attacks, worry and what helps.",
        starts_at=utcnow() + timedelta(days=3),
        duration_minutes=60,
    )
    past = service.schedule_session(
        host,
        group,
        title="Sleep and anxiety: open Q&A",
        description="How worry and sleep feed each other, and what to try.",
        starts_at=utcnow() + timedelta(minutes=1),
        duration_minutes=45,
    )
    service.open_session(host, past)
    for asker, anonymous, question_text, answer in ARCHIVED_QUESTIONS:
        question, _ = service.ask_question(users[asker], past, question_text, anonymous=anonymous)
        if answer:
            service.answer_question(host, question, answer)
    service.close_session(host, past)
    past.starts_at = utcnow() - timedelta(days=7)  # a demo of the past: the archive shows last week's date
    db.session.commit()
    echo("Created 2 Q&A sessions (one upcoming, one archived).")
