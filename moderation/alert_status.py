"""What a member in crisis may truthfully be told about their alert, read from the database.

A running duty lease means only that a listener might see the alert. "A listener was
told" is said once an on-duty listener's client acknowledged it (``alert_seen``, an
AlertDelivery row) or a listener claimed it. The author hears each step live in their
own room (``crisis_resources``, moderation.alerts), and /crisis reads the same state on
every load: a reload, a second tab or a hand-written ``?alerted=1`` shows only what is true.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from community.accounts.models import User, utcnow
from community.extensions import db
from moderation.crisis import AlertState, resources_payload
from moderation.models import AlertDelivery, QueueItem, QueueState
from moderation.queue import listeners_on_duty


def latest_open_item(member: User) -> QueueItem | None:
    """The member's own latest crisis item that no listener has resolved yet."""
    if not member.is_authenticated:
        return None
    return db.session.scalar(
        sa.select(QueueItem).where(QueueItem.author_id == member.id, QueueItem.is_crisis,
                                   QueueItem.state.in_([QueueState.PENDING, QueueState.ESCALATED]))
        .order_by(QueueItem.created_at.desc(), QueueItem.id.desc()).limit(1)
    )  # fmt: skip


def _seen(item: QueueItem) -> bool:
    if item.state is QueueState.ESCALATED:  # claimed: the claimer saw it
        return True
    return bool(db.session.scalar(sa.select(sa.exists().where(AlertDelivery.item_id == item.id))))


def state_of(item: QueueItem | None) -> tuple[AlertState, float]:
    """The item's state, and the seconds left before an unacknowledged alert counts as not seen."""
    if item is None:
        return AlertState.NONE, 0.0
    if _seen(item):
        return AlertState.SEEN, 0.0
    if not listeners_on_duty():
        return AlertState.NO_LISTENER, 0.0
    deadline = (item.alerted_at or item.created_at) + timedelta(seconds=current_app.config["CRISIS_ACK_WAIT_SECONDS"])
    left = (deadline - utcnow()).total_seconds()
    return (AlertState.TELLING, left) if left > 0 else (AlertState.NOT_SEEN, 0.0)


def status_for(member: User) -> dict:
    """The ``crisis_resources`` payload for the member's own latest alert, with ``wait_seconds`` left."""
    state, left = state_of(latest_open_item(member))
    return resources_payload(state) | {"wait_seconds": round(left, 1)}
