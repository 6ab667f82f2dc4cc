"""Queue use cases: screen and decide new content, then claim, approve, reject, resolve.

Features call ``review`` inside their own transaction, right after adding the
content; the content, its queue item and the announcements commit together.
Listener actions move an item through its states with one guarded UPDATE,
so two listeners acting at once cannot both win.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from community.accounts.models import Role, User, utcnow
from community.errors import Conflict, InvalidInput, NotFound
from community.extensions import db
from community.groups.models import Condition, Group
from community.transactions import update_if
from moderation import broadcasts, screening
from moderation.content import kind_of, load
from moderation.decide import NEW_MEMBER_HELD_POSTS, Decision, decide
from moderation.models import AuditEntry, HoldReason, ListenerDuty, QueueItem, QueueState
from moderation.screening import Verdict
from moderation.status import ContentStatus


@dataclass(frozen=True)
class Review:
    item: QueueItem
    verdict: Verdict
    decision: Decision
    display_text: str  # the text to render: strong profanity masked

    @property
    def published(self) -> bool:
        return self.decision.publish


def _is_new_member(author: User) -> bool:
    return author.role is Role.MEMBER and author.trusted_since is None


def review(content: Any, *, text: str, author: User, group: Group | None,
           hold_new_members: bool = True) -> Review:  # fmt: skip
    """Screen ``text``, decide, set the content's status, record the item and announce it."""
    condition = group.condition.value if group else Condition.MENTAL_HEALTH.value
    verdict = screening.screen(text, condition=condition)
    decision = decide(
        verdict,
        eating_disorder_group=bool(group and (group.condition is Condition.EATING_DISORDERS or group.number_free)),
        premoderated=bool(group and group.premoderated),
        new_member=hold_new_members and _is_new_member(author),
    )
    content.status = ContentStatus.PUBLISHED if decision.publish else ContentStatus.HELD
    item = QueueItem(
        content_kind=kind_of(content).name, content_id=content.id, group_id=group.id if group else None,
        author=author, reason=decision.reason, is_crisis=decision.crisis,
        state=QueueState.PUBLISHED if decision.publish else QueueState.PENDING,
        labels="," + "".join(f"{label}," for label in verdict.labels), severity=verdict.severity,
        matches=verdict.to_dict()["matches"],
    )  # fmt: skip
    db.session.add(item)
    db.session.flush()
    _announce_new(item, text, author)
    shown = screening.mask_profanity(text, verdict) if decision.mask_profanity else text
    return Review(item, verdict, decision, shown)


def _announce_new(item: QueueItem, text: str, author: User) -> None:
    if item.is_crisis:
        item.alerted_at = utcnow()  # the alert leaves as this transaction commits
        broadcasts.crisis_alert(item, text)
        broadcasts.crisis_resources(author.id, listener_alerted=listeners_on_duty() > 0)
    elif item.state is QueueState.PENDING:
        broadcasts.item_queued(item, text)


def get_item(item_id: object) -> QueueItem:
    if not isinstance(item_id, int) or isinstance(item_id, bool):
        raise NotFound("We couldn't find that queue item.")
    item = db.session.get(QueueItem, item_id)
    if item is None:
        raise NotFound("We couldn't find that queue item.")
    return item


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
}


def _move(item: QueueItem, from_states: set[QueueState], to: QueueState, **values) -> None:
    """Move ``item`` to ``to`` only if it is still in one of ``from_states``: exactly one caller wins."""
    if not update_if(item, QueueItem.state.in_(from_states), state=to, **values):
        raise Conflict(f"This item {_STATE_WORDS[item.state]}. Please reload the queue.")


def listeners_on_duty() -> int:
    """Listeners whose duty lease is running (moderation.duty): a stale row counts for nobody."""
    return db.session.scalar(sa.select(sa.func.count(sa.distinct(ListenerDuty.user_id)))
                             .where(ListenerDuty.expires_at > utcnow())) or 0  # fmt: skip


def _validate_note(note: object, *, required: bool, what: str, limit: int = 2000) -> str:
    note = note.strip() if isinstance(note, str) else ""
    if required and not note:
        raise InvalidInput(f"Please write {what}.")
    if len(note) > limit:
        raise InvalidInput(f"{what[0].upper() + what[1:]} can have at most {limit} characters.")
    return note


def content_of(item: QueueItem):
    return load(item.content_kind, item.content_id)


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
