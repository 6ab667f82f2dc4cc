"""Events the moderation queue sends, and their payloads (after commit, via community.realtime).

Listener payloads name the author by their opaque handle only; the author's
own events go to their personal room.
"""

from __future__ import annotations

from community import realtime
from community.extensions import db
from moderation import crisis
from moderation.content import kind
from moderation.models import QueueItem

EXCERPT_CHARS = 280


def item_payload(item: QueueItem, text: str) -> dict:
    return {
        "id": item.id,
        "kind": item.content_kind,
        "kind_label": kind(item.content_kind).label,
        "state": item.state.value,
        "reason": item.reason.value,
        "labels": item.label_list,
        "severity": item.severity,
        "crisis": item.is_crisis,
        "check_in": item.check_in,  # the check-in lane: published, and a listener should reach out
        "author": item.author_handle,
        "excerpt": text[:EXCERPT_CHARS],
        "created_at": item.created_at.isoformat() + "Z",
        "url": f"/moderator/items/{item.id}",
    }


def _to_listeners(event: str, payload: dict) -> None:
    realtime.publish(db.session, event, payload, room=realtime.LISTENERS_ROOM)


def item_queued(item: QueueItem, text: str) -> None:
    _to_listeners("item_queued", item_payload(item, text))


def crisis_alert(item: QueueItem, text: str) -> None:
    _to_listeners("crisis_alert", item_payload(item, text))


def item_claimed(item: QueueItem, *, waiting_escalated: int) -> None:
    """``waiting_escalated``: the escalated crises still unclaimed, for the moderator view's red count."""
    _to_listeners("item_claimed", {"id": item.id, "state": item.state.value, "claimed_by": item.claimed_by.display_name,
                                   "waiting_escalated": waiting_escalated})  # fmt: skip


def item_decided(item: QueueItem) -> None:
    _to_listeners("item_decided", {"id": item.id, "state": item.state.value})


def crisis_resources(author_id: int, state: crisis.AlertState) -> None:
    """To the author's own tabs: resources, and where their alert stands (moderation.alert_status)."""
    realtime.publish(db.session, "crisis_resources", crisis.resources_payload(state),
                     room=realtime.user_room(author_id))  # fmt: skip
