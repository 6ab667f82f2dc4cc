"""The one way every piece of member content goes, written once for every kind.

    review = pipeline.submit(POSTS, post, author=member, group=group)

A feature's use case validates the submission and builds the content without adding
it to the session; ``submit`` then runs the path DESIGN.md draws, inside the caller's
transaction: screen → decide → render and sanitise (through the content kind) → set
the status → store the content and its queue item → publish or hold → announce. (It
renders after screening, not before as DESIGN.md drew it: strong profanity is masked
from the verdict's spans in the text as written, before it becomes HTML.) Every
announcement waits for the commit (community.realtime). The content is inserted once,
with its final status and HTML. A listener's approval later goes through ``publish``,
the same "on published" step.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from flask import current_app

from community.accounts.models import User, utcnow
from community.extensions import db
from community.groups.models import Condition, Group
from community.offload import run_blocking
from moderation import broadcasts, outcomes, queue, screening
from moderation.content import PART_SEPARATOR, ContentKind
from moderation.crisis import AlertState
from moderation.decide import Decision, decide, unreviewed
from moderation.models import HoldReason, QueueItem, QueueState, stored_labels
from moderation.notices import author_notice
from moderation.screening import Verdict
from moderation.status import ContentStatus


@dataclass(frozen=True)
class Review:
    """What became of a submission: its queue item (None when the kind is not reviewed)."""

    item: QueueItem | None
    verdict: Verdict
    decision: Decision

    @property
    def published(self) -> bool:
        return self.decision.publish


def submit(kind: ContentKind, content: Any, *, author: User, group: Group | None,
           hold_new_members: bool = True) -> Review:  # fmt: skip
    """Screen, decide, render, store and announce ``content``: published at once, or held."""
    previous_status = getattr(content, "status", None)  # set when this is an edit
    was_published = previous_status is ContentStatus.PUBLISHED  # an edit of visible content
    parts = kind.parts(content)
    text = PART_SEPARATOR.join(parts)
    verdict = run_blocking(screening.screen, text, condition=_condition(group))
    decision = _decide(kind, verdict, author, group, hold_new_members=hold_new_members)
    if previous_status in WITHHELD and decision.publish:
        decision = replace(decision, publish=False, reason=HoldReason.REVISED)
    kind.render(content, _shown(parts, text, verdict, decision), verdict)
    replaced = _items_an_edit_replaces(kind, content, previous_status)
    if kind.reviewed:
        content.status = ContentStatus.PUBLISHED if decision.publish else ContentStatus.HELD
    db.session.add(content)
    db.session.flush()  # the queue item needs the content's id
    item = _store_item(kind, content, verdict, decision, author, group) if kind.reviewed else None
    if replaced:
        db.session.flush()  # the audit entries name the new item
        queue.supersede(replaced, by=item)
        for old in replaced:
            broadcasts.item_decided(old)  # open queues drop the old row
    _announce(kind, content, item, text, author, was_published=was_published)
    return Review(item, verdict, decision)


# Content waiting for a listener, or taken down by one: an edit cannot bring it out, only a
# listener can. (A declined submission is the author's to revise; the revision is screened anew.)
WITHHELD = (ContentStatus.HELD, ContentStatus.REMOVED)


def _items_an_edit_replaces(kind: ContentKind, content: Any, previous_status: ContentStatus | None) -> list:
    """An edit of held content replaces its waiting item: one item per content in the queue."""
    if not kind.reviewed or previous_status is not ContentStatus.HELD or getattr(content, "id", None) is None:
        return []
    return queue.waiting_items_of(kind, content)


def publish(kind: ContentKind, content: Any) -> None:
    """A listener approved held content: it becomes visible and is announced by the same
    "on published" step (``kind.on_published``) that a submission published at once takes."""
    if content.status is not ContentStatus.PUBLISHED:
        content.status = ContentStatus.PUBLISHED
        kind.on_published(content)
        outcomes.approved(kind, content)  # only a listener's approval comes this way


def _condition(group: Group | None) -> str:
    return group.condition.value if group else Condition.MENTAL_HEALTH.value


def _decide(kind: ContentKind, verdict: Verdict, author: User, group: Group | None, *,
            hold_new_members: bool) -> Decision:  # fmt: skip
    if not kind.reviewed:
        return unreviewed()
    if not current_app.config["CHECK_IN_LANE"]:
        verdict = replace(verdict, check_in=False)
    return decide(
        verdict,
        eating_disorder_group=bool(group and (group.condition is Condition.EATING_DISORDERS or group.number_free)),
        premoderated=bool(group and group.premoderated),
        new_member=hold_new_members and author.is_new_member,
    )


def _shown(parts: tuple[str, ...], text: str, verdict: Verdict, decision: Decision) -> tuple[str, ...]:
    """``parts`` as readers may see them. Masking keeps every length, so the pieces split back."""
    if not decision.mask_profanity:
        return parts
    masked, shown, start = screening.mask_profanity(text, verdict), [], 0
    for part in parts:
        shown.append(masked[start : start + len(part)])
        start += len(part) + len(PART_SEPARATOR)
    return tuple(shown)


def _store_item(kind: ContentKind, content: Any, verdict: Verdict, decision: Decision, author: User,
                group: Group | None) -> QueueItem:  # fmt: skip
    """Every reviewed submission is on record; those a listener must see wait as pending."""
    now = utcnow()
    item = QueueItem(
        content_kind=kind.name, content_id=content.id, group_id=group.id if group else None, author=author,
        is_anonymous=bool(getattr(content, "is_anonymous", False)),
        reason=decision.reason, is_crisis=decision.crisis, check_in=decision.check_in,
        state=QueueState.PENDING if decision.needs_listener else QueueState.PUBLISHED,
        labels=stored_labels(verdict.labels), severity=verdict.severity,
        matches=verdict.to_dict()["matches"], risk=verdict.risk, reasons=list(verdict.reasons),
        created_at=now, alerted_at=now if decision.crisis else None,  # the alert leaves with this commit
    )  # fmt: skip
    db.session.add(item)
    return item


def _announce(kind: ContentKind, content: Any, item: QueueItem | None, text: str, author: User, *,
              was_published: bool) -> None:  # fmt: skip
    """Publish or hold, then tell listeners. Everything here is sent after the commit."""
    if not kind.reviewed or content.status is ContentStatus.PUBLISHED:
        if not was_published:  # an edit of what readers already see is not news
            kind.on_published(content)
    else:
        kind.on_held(content, author_notice(item))
    if item is None or item.state is not QueueState.PENDING:
        return
    db.session.flush()  # the listeners' payload carries the item's id
    if item.is_crisis:
        broadcasts.crisis_alert(item, text)
        # Not yet "a listener was told": that waits for a listener's screen to acknowledge it.
        state = AlertState.TELLING if queue.listeners_on_duty() else AlertState.NO_LISTENER
        broadcasts.crisis_resources(author.id, state)
    else:
        broadcasts.item_queued(item, text)
