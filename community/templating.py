"""Jinja globals shared by every page."""

from __future__ import annotations

from flask import Flask

from community.accounts.zones import format_when
from community.groups.models import CONDITION_TITLES
from moderation.notices import author_notice


def register(app: Flask) -> None:
    app.jinja_env.globals["CONDITION_TITLES"] = CONDITION_TITLES
    app.jinja_env.globals["author_notice"] = author_notice
    app.jinja_env.filters["when"] = format_when
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
