"""Members reporting published content. Reports become queue items; reporters stay private."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice

from community.accounts.models import User, utcnow
from community.errors import InvalidInput
from community.extensions import db
from community.transactions import atomic
from moderation import broadcasts
from moderation.content import ContentKind, kind_of
from moderation.content import kind as content_kind
from moderation.models import HoldReason, QueueItem, QueueState, Report
from moderation.status import ContentStatus

REASONS = {
    "worried": "I'm worried about this person",
    "harassment": "Harassment, hate or bullying",
    "misinformation": "Health misinformation",
    "numbers": "Body numbers or pro-eating-disorder content",
    "spam": "Spam or advertising",
    "other": "Something else",
}
MAX_NOTE = 500
# Reports a member may send, whatever they report: enough for a bad evening, not for a flood.
REPORT_LIMIT = "10 per hour"


def reporter_key() -> str:
    """The rate-limit key for reports: the member, not the address."""
    return f"report:{current_user.get_id()}"


class ReportForm(FlaskForm):
    """Reporting a post or a chat message: the one form every feature's report page uses."""

    reason = RadioField(
        "Why are you reporting this?",
        choices=[SelectChoice(value, label) for value, label in REASONS.items()],
        validate_choice=False,
    )
    note = TextAreaField(
        "Anything a listener should know? (optional)", description="Nobody you report is ever told who reported them."
    )


def _open_report_item(content_kind: str, content_id: int) -> QueueItem | None:
    return db.session.scalar(sa.select(QueueItem).where(
        QueueItem.content_kind == content_kind, QueueItem.content_id == content_id,
        QueueItem.reason == HoldReason.REPORT, QueueItem.state.in_([QueueState.PENDING, QueueState.ESCALATED]),
    ))  # fmt: skip


@atomic
def report_content(reporter: User, content: Any, *, reason: object, note: object = "") -> QueueItem:
    """File a report; several reports of the same content gather on one open item."""
    note = _checked(reason, note)
    if content.status is not ContentStatus.PUBLISHED:
        raise InvalidInput("That can't be reported: it isn't published.")
    if content.author_id == reporter.id:
        raise InvalidInput("You can't report your own post. You can edit or delete it instead.")
    kind = kind_of(content)
    return _file(reporter, kind, content, reason, note, author_id=content.author_id,
                 is_anonymous=bool(getattr(content, "is_anonymous", False)))  # fmt: skip


@atomic
def report_profile(reporter: User, member: User, *, reason: object, note: object = "") -> QueueItem:
    """A member's profile (display name and bio), reported as content is: one open item gathers them.

    Only a named profile can be reported: an anonymous post links to no profile, so this never
    learns, or tells a listener, who is behind an alias."""
    note = _checked(reason, note)
    if member.id == reporter.id:
        raise InvalidInput("You can't report your own profile. You can change it in your settings.")
    return _file(reporter, content_kind("profile"), member, reason, note, author_id=member.id, is_anonymous=False)


def _checked(reason: object, note: object) -> str:
    if reason not in REASONS:
        raise InvalidInput("Please choose a reason for your report.")
    note = note.strip() if isinstance(note, str) else ""
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"A report note can have at most {MAX_NOTE} characters.")
    return note


def _file(reporter: User, kind: ContentKind, content: Any, reason: str, note: str, *, author_id: int,
          is_anonymous: bool) -> QueueItem:  # fmt: skip
    item = _open_report_item(kind.name, content.id)
    if item is None:
        item = QueueItem(content_kind=kind.name, content_id=content.id, author_id=author_id,
                         is_anonymous=is_anonymous, group_id=kind.group_id(content), reason=HoldReason.REPORT,
                         state=QueueState.PENDING, labels=",", severity="none", matches=[])  # fmt: skip
        db.session.add(item)
    db.session.add(Report(item=item, reporter_id=reporter.id, reason=reason, note=note))
    db.session.flush()
    _escalate_if_worried(item, reason, kind.text_of(content))
    return item


def _escalate_if_worried(item: QueueItem, reason: str, text: str) -> None:
    if reason == "worried" and not item.is_crisis:
        item.is_crisis, item.alerted_at, item.severity = True, utcnow(), "high"
        broadcasts.crisis_alert(item, text)
    elif len(item.reports) == 1:
        broadcasts.item_queued(item, text)
