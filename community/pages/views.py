"""The home page (groups by condition) and the crisis resources page."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, render_template
from flask_login import current_user

from community import health
from community.extensions import db
from community.groups import access
from community.groups.models import Condition, Group
from community.qa import access as qa_access
from moderation import alert_status
from moderation import crisis as crisis_words

bp = Blueprint("pages", __name__)


@bp.get("/")
def home():
    groups = db.session.scalars(sa.select(Group).order_by(Group.name)).all()
    by_condition = {condition: [g for g in groups if g.condition is condition] for condition in Condition}
    return render_template("pages/home.html", by_condition=by_condition,
                           joined=access.member_group_ids(current_user),
                           qa_upcoming=qa_access.upcoming_sessions(current_user))  # fmt: skip


@bp.get("/crisis")
def crisis():
    # Where the member's own alert stands, from the database: never from ?alerted=1 in the URL.
    return render_template("pages/crisis.html", alert=alert_status.status_for(current_user),
                           not_seen_message=crisis_words.MESSAGES[crisis_words.AlertState.NOT_SEEN])  # fmt: skip


@bp.get("/healthz")
def healthz():
    """For load balancers and operators: each dependency, and 503 when the database is down."""
    return health.status()
