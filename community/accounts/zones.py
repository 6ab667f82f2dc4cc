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


def _format(moment: datetime | None, pattern: str, *, with_zone: bool = True) -> str:
    """``moment`` (naive UTC, as stored) in the viewer's zone, with the zone's abbreviation."""
    if moment is None:
        return ""
    zone = viewer_zone()
    if zone is None:
        return moment.strftime(pattern) + (" UTC" if with_zone else "")
    local = moment.replace(tzinfo=UTC).astimezone(zone)
    return local.strftime(pattern) + (" " + (local.tzname() or zone.key) if with_zone else "")


def format_when(moment: datetime | None) -> str:
    """ "4 Mar 2026, 21:30 CET"."""
    return _format(moment, "%-d %b %Y, %H:%M")


def format_clock(moment: datetime | None) -> str:
    """ "21:30 CET": a chat line's time, where the day is plain from the conversation."""
    return _format(moment, "%H:%M")


def format_month(moment: datetime | None) -> str:
    """ "March 2026" ("member since"): the month where the member lives, no zone needed."""
    return _format(moment, "%B %Y", with_zone=False)


def zone_name() -> str:
    """The zone times are read and entered in: "Europe/Berlin", or "UTC" when none is chosen."""
    zone = viewer_zone()
    return zone.key if zone else "UTC"


def to_utc(local: datetime | None) -> datetime | None:
    """A time the member entered in their own zone (naive, as a form gives it), as naive UTC to store."""
    zone = viewer_zone()
    if local is None or zone is None:
        return local
    return local.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None)
