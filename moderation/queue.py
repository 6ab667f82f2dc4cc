"""The queue from the listeners' side: find an item, move it on, write the audit log.

Items are created by the pipeline (moderation.pipeline), in the same transaction as
their content. Listener actions (moderation.actions) move an item through its states
with one guarded UPDATE, so two listeners acting at once cannot both win.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from community.accounts.models import User, utcnow
from community.errors import Conflict, InvalidInput, NotFound
from community.extensions import db
from community.identity import parse_id
from community.transactions import update_if
from moderation.content import ContentKind, load
from moderation.decide import NEW_MEMBER_HELD_POSTS
from moderation.models import AuditEntry, HoldReason, ListenerDuty, QueueItem, QueueState


def get_item(item_id: object) -> QueueItem:
    if (item_id := parse_id(item_id)) is None:
        raise NotFound("We couldn't find that queue item.")
    item = db.session.get(QueueItem, item_id)
    if item is None:
        raise NotFound("We couldn't find that queue item.")
    return item


def content_of(item: QueueItem) -> tuple[ContentKind, Any]:
    return load(item.content_kind, item.content_id)


def forget_text(kind: ContentKind, content: Any) -> None:
    """Its author deleted ``content``: each of its queue items keeps the decision record
    (state, labels, rules, who decided, the audit trail) but none of the author's words."""
    items = sa.select(QueueItem).where(QueueItem.content_kind == kind.name, QueueItem.content_id == content.id)
    for item in db.session.scalars(items):
        item.original_text = None
        item.reasons = []  # the model's explanations can quote the text
        item.matches = [{key: value for key, value in match.items() if key != "excerpt"} for match in item.matches]


def waiting_items_of(kind: ContentKind, content: Any) -> list[QueueItem]:
    """The items of ``content`` waiting for a decision about the content itself: not crisis or
    check-in items (those are about a person, and an edit does not end a listener's concern for
    them) and not reports (a report is about what readers saw, which the listener still judges)."""
    return list(db.session.scalars(sa.select(QueueItem).where(
        QueueItem.content_kind == kind.name, QueueItem.content_id == content.id,
        QueueItem.state == QueueState.PENDING, QueueItem.is_crisis.is_(False), QueueItem.check_in.is_(False),
        QueueItem.reason != HoldReason.REPORT,
    )))  # fmt: skip


def supersede(items: list[QueueItem], by: QueueItem) -> None:
    """The author edited held content: its older waiting items close, their records kept, so the
    queue shows one item for it. Guarded, so a listener deciding the old item at the same moment
    either wins (and the edit's own item still waits) or finds it replaced."""
    for item in items:
        if update_if(item, QueueItem.state == QueueState.PENDING, state=QueueState.SUPERSEDED,
                     decided_at=utcnow()):  # fmt: skip
            audit(None, "superseded", item=item, note=f"The author edited it; the new version is item {by.id}.")


def audit(actor: User | None, action: str, *, item: QueueItem | None = None,
          subject: User | None = None, note: str = "") -> None:  # fmt: skip
    db.session.add(AuditEntry(actor_id=actor.id if actor else None, action=action,
                              item_id=item.id if item else None,
                              subject_id=subject.id if subject else None, note=note))  # fmt: skip


_STATE_WORDS = {
    QueueState.PUBLISHED: "was published without review",
    QueueState.APPROVED: "was already approved",
    QueueState.REJECTED: "was already rejected",
    QueueState.ESCALATED: "was already claimed",
    QueueState.RESOLVED: "was already resolved",
    QueueState.PENDING: "is still waiting",
    QueueState.SUPERSEDED: "was replaced by the author's edit, which has its own item",
}


def move(item: QueueItem, from_states: set[QueueState], to: QueueState, **values) -> None:
    """Move ``item`` to ``to`` only if it is still in one of ``from_states``: exactly one caller wins."""
    if not update_if(item, QueueItem.state.in_(from_states), state=to, **values):
        raise Conflict(f"This item {_STATE_WORDS[item.state]}. Please reload the queue.")


def listeners_on_duty() -> int:
    """Listeners whose duty lease is running (moderation.duty): a stale row counts for nobody."""
    return db.session.scalar(sa.select(sa.func.count(sa.distinct(ListenerDuty.user_id)))
                             .where(ListenerDuty.expires_at > utcnow())) or 0  # fmt: skip


def clean_note(note: object, *, required: bool, what: str, limit: int = 2000) -> str:
    """A listener's note or message, stripped; a clear message when it is missing or too long."""
    note = note.strip() if isinstance(note, str) else ""
    if required and not note:
        raise InvalidInput(f"Please write {what}.")
    if len(note) > limit:
        raise InvalidInput(f"{what[0].upper() + what[1:]} can have at most {limit} characters.")
    return note


def mark_trusted_if_due(author: User) -> None:
    """After a new member's first posts are approved, their posts publish at once."""
    if author.trusted_since is not None:
        return
    approved = db.session.scalar(sa.select(sa.func.count(QueueItem.id)).where(
        QueueItem.author_id == author.id,
        QueueItem.state.in_([QueueState.APPROVED, QueueState.PUBLISHED]),
        QueueItem.reason != HoldReason.REPORT,
    ))  # fmt: skip
    if approved >= NEW_MEMBER_HELD_POSTS:
        author.trusted_since = utcnow()
