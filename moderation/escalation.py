"""A crisis nobody claims in time reaches every listener and admin who is signed in.

Unclaimed ``CRISIS_ESCALATE_AFTER`` seconds after its alert, a crisis item is escalated
once: one guarded UPDATE sets ``escalated_at``, so of several processes checking at the
same moment exactly one announces it. The announcement goes to each listener's and
admin's own room, on duty or not, on whatever page they have open; the moderator view
shows escalated items in red until someone claims them, and turns a row red (and its
count up) live when the announcement arrives (static/js/moderator.js).
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import Flask, current_app

from community import realtime
from community.accounts.models import Role, User, utcnow
from community.extensions import db, socketio
from community.transactions import atomic, update_if
from moderation.models import QueueItem, QueueState

_STAFF = (Role.LISTENER, Role.ADMIN)


def due() -> list[QueueItem]:
    """Pending crisis items alerted longer ago than the limit and not yet escalated, oldest first."""
    cutoff = utcnow() - timedelta(seconds=current_app.config["CRISIS_ESCALATE_AFTER"])
    return list(db.session.scalars(
        sa.select(QueueItem).where(
            QueueItem.is_crisis, QueueItem.state == QueueState.PENDING, QueueItem.escalated_at.is_(None),
            sa.func.coalesce(QueueItem.alerted_at, QueueItem.created_at) <= cutoff,
        ).order_by(QueueItem.created_at)
    ))  # fmt: skip


def waiting_count() -> int:
    """Crises escalated and still unclaimed: the moderator view shows them in red."""
    return db.session.scalar(sa.select(sa.func.count(QueueItem.id)).where(
        QueueItem.is_crisis, QueueItem.state == QueueState.PENDING, QueueItem.escalated_at.is_not(None),
    )) or 0  # fmt: skip


@atomic
def escalate_due() -> int:
    """Escalate every overdue crisis this process wins the race for; how many it escalated."""
    escalated = 0
    staff = list(db.session.scalars(sa.select(User.id).where(User.role.in_(_STAFF))))
    for item in due():
        if not update_if(item, QueueItem.escalated_at.is_(None), escalated_at=utcnow()):
            continue  # another process escalated it first
        escalated += 1
        payload = _payload(item)
        for user_id in staff:
            realtime.publish(db.session, "crisis_escalated", payload, room=realtime.user_room(user_id))
    return escalated


def _payload(item: QueueItem) -> dict:
    waited = (item.escalated_at - (item.alerted_at or item.created_at)).total_seconds()
    minutes = max(1, round(waited / 60))
    # waiting_escalated: the moderator view's red count, exact rather than counted up by each tab.
    return {"id": item.id, "url": f"/moderator/items/{item.id}", "waited_seconds": round(waited),
            "text": f"A crisis has waited {minutes} min with nobody claiming it. Please look now.",
            "waiting_escalated": waiting_count()}  # fmt: skip


def check_interval(app: Flask) -> float:
    """Often enough that escalation fires within a few seconds of its time."""
    return max(0.5, min(5.0, app.config["CRISIS_ESCALATE_AFTER"] / 10))


def _run(app: Flask) -> None:
    while True:
        with app.app_context():
            try:
                escalate_due()
            except Exception as error:  # noqa: BLE001 - the database is away; the next check retries
                current_app.logger.warning("Crisis escalation check failed: %s", type(error).__name__)
            finally:
                db.session.remove()
        socketio.sleep(check_interval(app))


def start(app: Flask) -> None:
    socketio.start_background_task(_run, app)
