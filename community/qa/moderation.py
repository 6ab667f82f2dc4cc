"""How Q&A questions plug into the moderation queue (moderation.content)."""

from __future__ import annotations

from flask import url_for

from community.qa import broadcasts
from community.qa.models import Question
from community.rendering import render_markdown
from moderation.content import ContentKind, register


def _set_text(question: Question, text: str) -> None:
    question.body, question.body_html = text, render_markdown(text)


def _published(question: Question) -> None:
    # A listener (or co-host) approved a held question: the room sees it now, unless it has closed.
    if not question.session.is_closed:
        broadcasts.question_added(question)


def register_kind() -> None:
    register(
        ContentKind(
            name="question",
            label="Q&A question",
            model=Question,
            on_published=_published,
            on_removed=broadcasts.question_removed,
            set_text=_set_text,
            url=lambda q: url_for("qa.session", session_id=q.session_id, _anchor=f"question-{q.id}"),
            group_id=lambda q: q.session.group_id,
        )
    )
