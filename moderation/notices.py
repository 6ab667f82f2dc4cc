"""What an author is told about their held or declined content, in gentle words."""

from __future__ import annotations

import sqlalchemy as sa

from community.extensions import db
from moderation.models import HoldReason, QueueItem, QueueState

_HELD_BY_LABEL = {
    "crisis": "We're keeping this private while a listener checks in with you.",
    "misinformation": "It mentions a health claim that a listener will double-check before it's shown.",
    "ed-numbers": "This group is number-free, so a listener will look at the numbers in it first.",
    "profanity": "A listener will look at the wording before it's shown.",
}
_HELD_BY_REASON = {
    HoldReason.PREMODERATED: "Every post in this group is read by a listener before it's shown.",
    HoldReason.NEW_MEMBER: "Welcome! A new member's first posts are read by a listener before they're shown.",
    HoldReason.REVISED: "A listener reads your edit before it's shown.",
}


def author_notice(item: QueueItem | None) -> str:
    """One sentence for the author of held, declined or privately kept content."""
    if item is None:
        return ""
    if item.state is QueueState.REJECTED:
        why = item.author_message or "It didn't fit this group's guidelines."
        return f"A listener didn't publish this. {why} You can edit it and submit it again."
    if item.state is QueueState.RESOLVED:
        return "A listener followed up on this, and it stays private between you and the listeners."
    for label in ("crisis", "misinformation", "ed-numbers", "profanity"):
        if label in item.label_list:
            return f"Waiting for a listener. {_HELD_BY_LABEL[label]}"
    return f"Waiting for a listener. {_HELD_BY_REASON.get(item.reason, '')}".strip()


def latest_items(kind: str, content_ids: list[int]) -> dict[int, QueueItem]:
    """The newest queue item of each piece of content, in one query."""
    if not content_ids:
        return {}
    items = db.session.scalars(
        sa.select(QueueItem)
        .where(QueueItem.content_kind == kind, QueueItem.content_id.in_(content_ids),
               QueueItem.reason != HoldReason.REPORT)
        .order_by(QueueItem.id)
    )  # fmt: skip
    return {item.content_id: item for item in items}
