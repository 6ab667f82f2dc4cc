"""Crisis alerts that are never lost.

A crisis item is its own stored alert for as long as it is pending: nothing else has to
remember it. It is sent as it is raised (moderation.queue), and sent again to a listener
who goes on duty and, when the message queue comes back after an outage, to the on-duty
listeners of each process: whatever was raised while the queue was away reaches them
then. Listener clients dedupe by item id and answer each alert with ``alert_seen``;
``AlertDelivery`` rows record who has actually seen it (a claim counts: the claimer saw
it), and the first of them is when the author hears that a listener was told
(moderation.alert_status).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from community import realtime
from community.accounts.models import User, utcnow
from community.errors import NotFound
from community.extensions import db, socketio
from community.transactions import atomic
from moderation import broadcasts
from moderation.broadcasts import item_payload
from moderation.content import load, screened_text
from moderation.crisis import AlertState
from moderation.models import AlertDelivery, QueueItem, QueueState

# More than this many unclaimed crises is an emergency of its own; the queue page shows them all.
RESEND_LIMIT = 50


def pending() -> list[QueueItem]:
    """Crisis items nobody has claimed yet, oldest first."""
    return list(db.session.scalars(
        sa.select(QueueItem).where(QueueItem.is_crisis, QueueItem.state == QueueState.PENDING)
        .order_by(QueueItem.created_at).limit(RESEND_LIMIT)
    ))  # fmt: skip


def _payloads() -> list[dict]:
    payloads = []
    for item in pending():
        content_kind, content = load(item.content_kind, item.content_id)
        payloads.append(item_payload(item, screened_text(content_kind, content)))
    return payloads


def resend_to(sid: str) -> int:
    """Every pending alert to one listener's socket (on going on duty); how many were sent."""
    payloads = _payloads()
    for payload in payloads:
        socketio.emit("crisis_alert", payload, to=sid)
    return len(payloads)


def resend_to_local_listeners() -> int:
    """Every pending alert to the on-duty sockets of this process (the queue is back)."""
    payloads = _payloads()
    for payload in payloads:
        socketio.emit("crisis_alert", payload, to=realtime.LISTENERS_ROOM, ignore_queue=True)
    return len(payloads)


@atomic
def mark_seen(listener: User, item_id: object) -> bool:
    """Record that ``listener``'s screen showed the alert; True the first time anyone saw it."""
    if not isinstance(item_id, int) or isinstance(item_id, bool):
        raise NotFound("We couldn't find that alert.")
    item = db.session.get(QueueItem, item_id)
    if item is None or not item.is_crisis:
        raise NotFound("We couldn't find that alert.")
    return record_seen(listener, item)


def record_seen(listener: User, item: QueueItem) -> bool:
    """``listener`` has seen the crisis ``item``; the first time anyone has, its author hears so, live."""
    first = not db.session.scalar(sa.select(sa.exists().where(AlertDelivery.item_id == item.id)))
    insert = (postgresql if db.engine.dialect.name == "postgresql" else sqlite).insert(AlertDelivery)
    db.session.execute(insert.values(item_id=item.id, listener_id=listener.id, delivered_at=utcnow())
                       .on_conflict_do_nothing())  # fmt: skip
    if first and item.state.is_open:
        broadcasts.crisis_resources(item.author_id, AlertState.SEEN)
    return first
