"""Q&A questions as a kind of moderated content (moderation.content.ContentKind)."""

from __future__ import annotations

from flask import url_for

from community.qa import broadcasts
from community.qa.models import Question
from community.rendering import render_markdown
from moderation.content import ContentKind
from moderation.screening import Verdict


class Questions(ContentKind):
    name = "question"
    label = "Q&A question"
    model = Question

    def render(self, question: Question, shown: tuple[str, ...], verdict: Verdict) -> None:
        question.body_html = render_markdown(shown[0])

    def on_published(self, question: Question) -> None:
        # Approved after the session closed, it joins the archive without a live event.
        if not question.session.is_closed:
            broadcasts.question_added(question)

    def on_removed(self, question: Question) -> None:
        broadcasts.question_removed(question)

    def url(self, question: Question) -> str:
        return url_for("qa.session", session_id=question.session_id, _anchor=f"question-{question.id}")

    def group_id(self, question: Question) -> int | None:
        return question.session.group_id

    def set_text(self, question: Question, text: str) -> None:
        question.body, question.body_html = text, render_markdown(text)


QUESTIONS = Questions()
