"""How long crises wait for a listener: alert to claim, p50 and p90, over the last 7 and 30 days."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from community.accounts.models import utcnow
from community.extensions import db
from moderation.models import QueueItem

WINDOWS_DAYS = (7, 30)


@dataclass(frozen=True)
class ClaimTimes:
    days: int
    claimed: int
    p50: float | None  # seconds
    p90: float | None


def percentile(values: list[float], fraction: float) -> float | None:
    """Nearest rank: the smallest value with at least ``fraction`` of them at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def claim_times() -> list[ClaimTimes]:
    since = utcnow() - timedelta(days=max(WINDOWS_DAYS))
    rows = db.session.execute(
        sa.select(QueueItem.alerted_at, QueueItem.claimed_at)
        .where(QueueItem.is_crisis, QueueItem.claimed_at >= since, QueueItem.alerted_at.is_not(None))
    ).all()  # fmt: skip
    now, result = utcnow(), []
    for days in WINDOWS_DAYS:
        waits = [(claimed - alerted).total_seconds() for alerted, claimed in rows
                 if claimed >= now - timedelta(days=days)]  # fmt: skip
        result.append(ClaimTimes(days, len(waits), percentile(waits, 0.5), percentile(waits, 0.9)))
    return result
