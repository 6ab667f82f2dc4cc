"""What listeners and admins do with queue items. Each is one audited transaction."""

from __future__ import annotations

from community.accounts.models import User, utcnow
from community.errors import Conflict, Forbidden, InvalidInput
from community.transactions import atomic
from moderation import alerts, broadcasts, escalation, outcomes, pipeline, screening
from moderation.models import HoldReason, QueueItem, QueueState
from moderation.queue import audit, clean_note, content_of, mark_trusted_if_due, move
from moderation.status import ContentStatus

_OPEN = {QueueState.PENDING}


@atomic
def claim_item(listener: User, item: QueueItem) -> QueueItem:
    """Take a crisis item: the first listener to claim it owns it."""
    if not item.is_about_a_person:
        raise Conflict("Only crisis and check-in items are claimed; approve or reject this one.")
    move(item, _OPEN, QueueState.ESCALATED, claimed_by_id=listener.id, claimed_at=utcnow())
    if item.is_crisis:
        alerts.record_seen(listener, item)  # whoever claims it has seen it, acknowledged or not
    audit(listener, "claim", item=item)
    broadcasts.item_claimed(item, waiting_escalated=escalation.waiting_count())
    return item


def _publish(item: QueueItem) -> None:
    pipeline.publish(*content_of(item))


@atomic
def approve_item(listener: User, item: QueueItem, *, edited_text: str | None = None,
                 attach_context: bool = False, note: str = "") -> QueueItem:  # fmt: skip
    """Publish held content (or, for a report, keep it up), optionally edited or with a context note."""
    if not item.awaits_a_decision:
        raise Conflict("A crisis or check-in item is claimed and resolved, not approved.")
    note = clean_note(note, required=False, what="a note")
    content_kind, content = content_of(item)
    values: dict = {"decided_by_id": listener.id, "decided_at": utcnow()}
    if edited_text is not None and edited_text.strip() != content_kind.text_of(content).strip():
        edited_text = clean_note(edited_text, required=True, what="the text", limit=20_000)
        values["original_text"] = content_kind.text_of(content)
        content_kind.set_text(content, edited_text)
    if attach_context:
        values["context_note"] = _context_note(item)
        content_kind.set_context(content, values["context_note"])
    move(item, _OPEN, QueueState.APPROVED, **values)
    if item.reason is not HoldReason.REPORT:
        _publish(item)
        mark_trusted_if_due(item.author)
    audit(listener, "approve", item=item, note=note)
    broadcasts.item_decided(item)
    return item


def _context_note(item: QueueItem) -> str:
    claims = [screening.get_claim(m["rule"]) for m in item.matches if m["label"] == "misinformation"]
    notes = [f"{c.correction} Source: {c.source_url}" for c in claims if c is not None]
    if not notes:
        raise InvalidInput("This item matched no catalogued claim, so there is no context note to attach.")
    return "\n".join(dict.fromkeys(notes))


@atomic
def reject_item(listener: User, item: QueueItem, *, author_message: str, note: str = "") -> QueueItem:
    """Decline held content, telling its author why; for a report, take the content down."""
    if not item.awaits_a_decision:
        raise Conflict("A crisis or check-in item is claimed and resolved, not rejected.")
    author_message = clean_note(author_message, required=item.reason is not HoldReason.REPORT,
                                    what="a kind reason for the author", limit=1000)  # fmt: skip
    note = clean_note(note, required=False, what="a note")
    move(item, _OPEN, QueueState.REJECTED, decided_by_id=listener.id, decided_at=utcnow(),
          author_message=author_message or None)  # fmt: skip
    content_kind, content = content_of(item)
    if item.reason is HoldReason.REPORT:
        content.status = ContentStatus.REMOVED
        content_kind.on_removed(content)
    elif content.status is ContentStatus.HELD:
        content.status = ContentStatus.REJECTED
        outcomes.needs_change(content_kind, content, item.author_message or "")
    audit(listener, "reject", item=item, note=note)
    broadcasts.item_decided(item)
    return item


@atomic
def resolve_item(listener: User, item: QueueItem, *, note: str, publish: bool = False) -> QueueItem:
    """Close a crisis the listener has followed up; the content stays private unless published."""
    if item.state is QueueState.ESCALATED and item.claimed_by_id != listener.id and not listener.is_admin:
        raise Forbidden("Only the listener who claimed this item (or an admin) can resolve it.")
    note = clean_note(note, required=True, what="a short note on the follow-up")
    move(item, {QueueState.ESCALATED}, QueueState.RESOLVED, decided_by_id=listener.id, decided_at=utcnow())
    if publish and item.reason is not HoldReason.REPORT:
        _publish(item)
    audit(listener, "resolve", item=item, note=note)
    broadcasts.item_decided(item)
    return item


@atomic
def reveal_author(admin: User, item: QueueItem, *, reason: str) -> User:
    """Show an admin who wrote anonymous content. Written to the audit log, every time."""
    if not admin.is_admin:
        raise Forbidden("Only an admin can reveal an author.")
    reason = clean_note(reason, required=True, what="why you need to see who wrote this", limit=500)
    audit(admin, "reveal", item=item, subject=item.author, note=reason)
    return item.author
