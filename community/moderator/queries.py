"""Reading the queue: the filtered list, an item's neighbours, and the dashboard figures."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from community.extensions import db
from community.groups.models import Group
from moderation.models import AuditEntry, QueueItem, QueueState
from moderation.screening import LABELS

OPEN_STATES = (QueueState.PENDING, QueueState.ESCALATED)
PAGE_SIZE = 50


@dataclass(frozen=True)
class Filters:
    group: str | None = None
    label: str | None = None
    state: str | None = None  # None means open items (pending and escalated)

    @classmethod
    def from_args(cls, args) -> Filters:
        label = args.get("label") if args.get("label") in LABELS else None
        state = args.get("state") if args.get("state") in {s.value for s in QueueState} else None
        return cls(group=args.get("group") or None, label=label, state=state)


def queue_items(filters: Filters) -> list[QueueItem]:
    """Three lanes: crisis first, then check-ins, then the rest; oldest first within each."""
    query = sa.select(QueueItem).options(joinedload(QueueItem.author), joinedload(QueueItem.claimed_by))
    if filters.state:
        query = query.where(QueueItem.state == QueueState(filters.state))
    else:
        query = query.where(QueueItem.state.in_(OPEN_STATES))
    if filters.label:
        query = query.where(QueueItem.labels.contains(f",{filters.label},"))
    if filters.group:
        query = query.join(Group, Group.id == QueueItem.group_id).where(Group.slug == filters.group)
    lanes = (QueueItem.is_crisis.desc(), QueueItem.check_in.desc())
    query = query.order_by(*lanes, QueueItem.created_at, QueueItem.id).limit(PAGE_SIZE)
    return list(db.session.scalars(query))


def author_history(item: QueueItem, limit: int = 10) -> list[QueueItem]:
    return list(db.session.scalars(
        sa.select(QueueItem).where(QueueItem.author_id == item.author_id, QueueItem.id != item.id)
        .order_by(QueueItem.id.desc()).limit(limit)
    ))  # fmt: skip


def item_audit(item: QueueItem) -> list[AuditEntry]:
    return list(db.session.scalars(
        sa.select(AuditEntry).options(joinedload(AuditEntry.actor))
        .where(AuditEntry.item_id == item.id).order_by(AuditEntry.id)
    ))  # fmt: skip


def audit_log(limit: int = 200) -> list[AuditEntry]:
    return list(db.session.scalars(
        sa.select(AuditEntry).options(joinedload(AuditEntry.actor)).order_by(AuditEntry.id.desc()).limit(limit)
    ))  # fmt: skip


def _median_seconds(pairs) -> float | None:
    spans = [(end - start).total_seconds() for start, end in pairs if start and end]
    return statistics.median(spans) if spans else None


def dashboard() -> dict:
    """Pending counts per label, median time to claim a crisis, median time to a decision."""
    open_labels = db.session.scalars(sa.select(QueueItem.labels).where(QueueItem.state.in_(OPEN_STATES)))
    pending = dict.fromkeys(LABELS, 0)
    unlabelled = 0
    for labels in open_labels:
        found = [label for label in labels.split(",") if label in pending]
        unlabelled += not found
        for label in found:
            pending[label] += 1
    recent = sa.select(QueueItem.created_at, QueueItem.claimed_at, QueueItem.decided_at).order_by(
        QueueItem.id.desc()).limit(500)  # fmt: skip
    rows = db.session.execute(recent).all()
    return {
        "pending": pending,
        "unlabelled": unlabelled,
        "median_claim": _median_seconds((r.created_at, r.claimed_at) for r in rows),
        "median_decision": _median_seconds((r.created_at, r.decided_at) for r in rows),
    }
