"""The moderation queue's tables: items, member reports, the audit log, listeners on duty.

Every screened piece of content gets a QueueItem, published or not, so listeners
can audit what went out as well as what was held. The audit log is append-only:
the ORM refuses updates and deletes, and on PostgreSQL a trigger refuses them too.
"""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.accounts.models import User, utcnow
from community.extensions import db, enum_column
from community.identity import moderation_handle


class QueueState(enum.StrEnum):
    PUBLISHED = "published"  # clean at screening: on record for audit, needs no one
    PENDING = "pending"  # waiting for a listener
    APPROVED = "approved"
    REJECTED = "rejected"
    ESCALATED = "escalated"  # crisis, claimed by a listener
    RESOLVED = "resolved"
    SUPERSEDED = "superseded"  # the author edited held content: its new version has its own item

    @property
    def is_open(self) -> bool:
        return self in (QueueState.PENDING, QueueState.ESCALATED)


class HoldReason(enum.StrEnum):
    CLEAN = "clean"
    FLAGGED = "flagged"  # the screener found something
    PREMODERATED = "premoderated"  # the group reviews every post
    NEW_MEMBER = "new-member"  # a new member's first posts
    REPORT = "report"  # a member reported published content
    REVISED = "revised"  # an edit of held content, or of content a listener removed


def stored_labels(labels: tuple[str, ...] | list[str]) -> str:
    """Labels as a column keeps them: ",crisis,profanity,", so one LIKE finds a label anywhere."""
    return "," + "".join(f"{label}," for label in labels)


class QueueItem(db.Model):
    __tablename__ = "queue_items"
    __table_args__ = (sa.Index("ix_queue_items_open", "state", "is_crisis", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # What is moderated: a kind registered by a feature ("post", "chat_message", ...) and its id.
    content_kind: Mapped[str] = mapped_column(sa.String(24))
    content_id: Mapped[int] = mapped_column()
    group_id: Mapped[int | None] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # Posted anonymously: listeners see it under the member's anonymous handle and history only.
    is_anonymous: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    reason: Mapped[HoldReason] = mapped_column(enum_column(HoldReason))
    state: Mapped[QueueState] = mapped_column(enum_column(QueueState))
    is_crisis: Mapped[bool] = mapped_column(default=False)
    # The check-in lane: possible risk, published as usual; a listener checks in on the member.
    check_in: Mapped[bool] = mapped_column(default=False)
    # The screener's learned risk (0-1) and why it thought so, shown to listeners.
    risk: Mapped[float | None] = mapped_column()
    reasons: Mapped[list] = mapped_column(sa.JSON, default=list)
    # ",crisis,profanity," so that one LIKE filters by label on SQLite and PostgreSQL alike.
    labels: Mapped[str] = mapped_column(sa.String(80), default=",")
    severity: Mapped[str] = mapped_column(sa.String(12), default="none")
    # The screener's matches (label, rule, kind, span): why it was held.
    matches: Mapped[list] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Crisis timing: submission → alert → claim, recorded per item.
    alerted_at: Mapped[datetime | None] = mapped_column()
    claimed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    claimed_at: Mapped[datetime | None] = mapped_column()
    # Unclaimed past CRISIS_ESCALATE_AFTER: every signed-in listener and admin was told (moderation.escalation).
    escalated_at: Mapped[datetime | None] = mapped_column()
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column()
    # Shown to the author when rejected: kind words on why, so they can revise.
    author_message: Mapped[str | None] = mapped_column(sa.Text)
    # The author's text before a listener edited it on approval, so the author sees what changed.
    original_text: Mapped[str | None] = mapped_column(sa.Text)
    # A misinformation correction and source a listener attached when approving.
    context_note: Mapped[str | None] = mapped_column(sa.Text)

    author: Mapped[User] = relationship(foreign_keys=[author_id])
    claimed_by: Mapped[User | None] = relationship(foreign_keys=[claimed_by_id])
    reports: Mapped[list[Report]] = relationship(back_populates="item", order_by="Report.id")

    @property
    def is_about_a_person(self) -> bool:
        """Crisis and check-in items: claimed by a listener, followed up, then resolved."""
        return self.is_crisis or self.check_in

    @property
    def awaits_a_decision(self) -> bool:
        """Held or reported content is approved or declined. A crisis never is, and neither is a
        check-in on content that went out; a check-in on content held for another reason (a new
        member's first post) still needs its approval, or the post would wait for good."""
        return not self.is_crisis and (not self.check_in or self.reason is not HoldReason.CLEAN)

    @property
    def author_handle(self) -> str:
        return moderation_handle(self.author, anonymous=self.is_anonymous)

    @property
    def label_list(self) -> list[str]:
        return [label for label in self.labels.split(",") if label]


class Report(db.Model):
    """A member's report of published content; the reporter is never shown to the author."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("queue_items.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(sa.String(24))
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[QueueItem] = relationship(back_populates="reports")
    reporter: Mapped[User] = relationship()


class AuditEntry(db.Model):
    """Who did what, when, and why. Nobody can edit or delete an entry."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(sa.String(32))
    item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("queue_items.id", ondelete="SET NULL"), index=True)
    subject_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])


@sa.event.listens_for(AuditEntry, "before_update")
@sa.event.listens_for(AuditEntry, "before_delete")
def _refuse_audit_change(mapper, connection, target) -> None:
    raise PermissionError("The audit log is append-only.")


# The database refuses too, so raw SQL cannot rewrite history. Foreign keys may still be
# set to NULL when a member's data is deleted: the entry stays, the link goes.
AUDIT_TRIGGERS = {
    "postgresql": [
        "CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$ BEGIN "
        "RAISE EXCEPTION 'The audit log is append-only'; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER audit_log_no_edit BEFORE UPDATE OF action, note, created_at OR DELETE "
        "ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    ],
    "sqlite": [
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'The audit log is append-only'); END",
        "CREATE TRIGGER audit_log_no_edit BEFORE UPDATE OF action, note, created_at ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'The audit log is append-only'); END",
    ],
}
for _dialect, _statements in AUDIT_TRIGGERS.items():
    for _statement in _statements:
        sa.event.listen(AuditEntry.__table__, "after_create", sa.DDL(_statement).execute_if(dialect=_dialect))


class ListenerDuty(db.Model):
    """One row per listener socket that is on duty: crisis alerts go to these listeners.

    A lease: the process holding the socket renews ``expires_at`` while the socket is
    connected (moderation.duty), so a crashed process's listeners go off duty by themselves.
    """

    __tablename__ = "listener_duty"

    sid: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    since: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class AlertDelivery(db.Model):
    """A crisis alert that reached an on-duty listener's screen: their client said so.

    A crisis item is its own stored alert while it is pending (moderation.alerts re-sends
    it); these rows say who has actually seen it, and when, which is what "a listener was
    told" means and what escalation and the alert-to-claim figures build on.
    """

    __tablename__ = "alert_deliveries"

    item_id: Mapped[int] = mapped_column(sa.ForeignKey("queue_items.id", ondelete="CASCADE"), primary_key=True)
    listener_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    delivered_at: Mapped[datetime] = mapped_column(default=utcnow)
