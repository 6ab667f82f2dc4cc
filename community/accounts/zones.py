"""Times in the member's own zone: stored in UTC, shown where they live."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_login import current_user


def viewer_zone() -> ZoneInfo | None:
    """The signed-in member's chosen zone; None for visitors and members who chose none (UTC)."""
    name = getattr(current_user, "time_zone", None) if current_user else None
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def format_when(moment: datetime | None) -> str:
    """``moment`` (naive UTC, as stored) as "4 Mar 2026, 21:30 CET" in the viewer's zone."""
    if moment is None:
        return ""
    zone = viewer_zone()
    if zone is None:
        return moment.strftime("%-d %b %Y, %H:%M UTC")
    local = moment.replace(tzinfo=UTC).astimezone(zone)
    return local.strftime("%-d %b %Y, %H:%M ") + (local.tzname() or zone.key)
