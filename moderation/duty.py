"""Listeners on duty: one row per socket, so several tabs or processes count once per person."""

from __future__ import annotations

import sqlalchemy as sa

from community.accounts.models import User
from community.extensions import db
from community.transactions import atomic
from moderation.models import ListenerDuty


@atomic
def go_on_duty(listener: User, sid: str) -> None:
    if db.session.get(ListenerDuty, sid) is None:
        db.session.add(ListenerDuty(sid=sid, user_id=listener.id))


@atomic
def go_off_duty(sid: str) -> None:
    db.session.execute(sa.delete(ListenerDuty).where(ListenerDuty.sid == sid))
