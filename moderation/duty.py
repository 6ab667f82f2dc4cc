"""Listeners on duty: one leased row per socket, so several tabs or processes count once per person.

A row is true only while its lease runs: ``go_on_duty`` takes a lease of
``LISTENER_DUTY_LEASE_SECONDS`` and the process holding the socket renews it while the
socket stays connected (``renew_local``, from community.heartbeat). When that process
dies, nobody renews, and the listener is off duty once the lease ends, on every process
alike, because every process asks the database the same question (``on_duty_ids``).
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import Flask, current_app

from community import realtime
from community.accounts.models import User, utcnow
from community.extensions import db, socketio
from community.transactions import atomic
from moderation.models import ListenerDuty

_LOCAL_SIDS = "kindred_duty_sids"


def _lease_end():
    return utcnow() + timedelta(seconds=current_app.config["LISTENER_DUTY_LEASE_SECONDS"])


def _local_sids(app: Flask) -> set[str]:
    """The on-duty sockets connected to this process: the ones it renews."""
    return app.extensions.setdefault(_LOCAL_SIDS, set())


@atomic
def go_on_duty(listener: User, sid: str) -> None:
    duty = db.session.get(ListenerDuty, sid)
    if duty is None:
        db.session.add(ListenerDuty(sid=sid, user_id=listener.id, expires_at=_lease_end()))
    else:
        duty.expires_at = _lease_end()
    _local_sids(current_app).add(sid)


@atomic
def go_off_duty(sid: str) -> None:
    _local_sids(current_app).discard(sid)
    db.session.execute(sa.delete(ListenerDuty).where(ListenerDuty.sid == sid))


@atomic
def end_duty_of(user: User) -> None:
    """A listener who loses the role is off duty at once, on every tab, on every process."""
    sids = db.session.scalars(sa.delete(ListenerDuty).where(ListenerDuty.user_id == user.id)
                              .returning(ListenerDuty.sid)).all()  # fmt: skip
    for sid in sids:
        # Through the message queue when there is one: the socket may live on another process.
        socketio.server.leave_room(sid, realtime.LISTENERS_ROOM, namespace="/")


def on_duty_ids() -> set[int]:
    """The listeners whose lease is running now."""
    return set(db.session.scalars(sa.select(ListenerDuty.user_id).where(ListenerDuty.expires_at > utcnow())))


def is_on_duty(sid: str) -> bool:
    duty = db.session.get(ListenerDuty, sid)
    return duty is not None and duty.expires_at > utcnow()


@atomic
def renew_local() -> None:
    """Renew the leases of this process's on-duty sockets that are still connected; end the rest.

    Then drop every lease that has run out, whoever held it: a crashed process leaves rows
    nobody renews, and this (run at start and on every beat) is what clears them.
    """
    sids = _local_sids(current_app)
    gone = {sid for sid in sids if not socketio.server.manager.is_connected(sid, "/")}
    sids -= gone
    if gone:
        db.session.execute(sa.delete(ListenerDuty).where(ListenerDuty.sid.in_(gone)))
    if sids:
        db.session.execute(sa.update(ListenerDuty).where(ListenerDuty.sid.in_(sids)).values(expires_at=_lease_end()))
    db.session.execute(sa.delete(ListenerDuty).where(ListenerDuty.expires_at <= utcnow()))
