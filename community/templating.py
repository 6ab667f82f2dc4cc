"""Jinja globals shared by every page."""

from __future__ import annotations

from flask import Flask
from flask_login import current_user

from community import page_cache
from community.accounts.zones import format_clock, format_month, format_when, zone_name
from community.groups.models import CONDITION_TITLES
from moderation.notices import author_notice


def _notification_header():
    """The bell's count and the listener banner, for every page a signed-in member sees.

    None for visitors, and while the database is away: the page still renders (with the
    crisis resources), only without the bell.
    """
    from community import health
    from community.notifications.access import header_of

    try:
        return header_of(current_user) if current_user.is_authenticated else None
    except health.DATABASE_DOWN:
        health.forget_failed_transaction()
        page_cache.dont_keep()  # a page without its bell is not the member's page to keep
        return None


def register(app: Flask) -> None:
    app.jinja_env.globals["notification_header"] = _notification_header
    app.jinja_env.globals["CONDITION_TITLES"] = CONDITION_TITLES
    app.jinja_env.globals["author_notice"] = author_notice
    app.jinja_env.filters["when"] = format_when
    app.jinja_env.filters["clock"] = format_clock
    app.jinja_env.filters["month"] = format_month
    app.jinja_env.globals["zone_name"] = zone_name
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
