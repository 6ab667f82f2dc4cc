"""Data export: a ZIP with data.json and a readable index.html, built in the background.

A member asks; a status row is written and a background task (a greenlet under gevent, a
thread otherwise) gathers each section, saving its progress, then stores the archive in
the row: any server process can serve the download. It is kept for a day.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import sqlalchemy as sa
from flask import Flask, current_app, render_template

from community.accounts import export_data
from community.accounts.models import DataExport, ExportStatus, User, utcnow
from community.errors import NotFound
from community.extensions import db, socketio
from community.transactions import atomic
from moderation.queue import audit

KEPT_FOR = timedelta(days=1)
# A build that has not finished in this long died with its process: the member may ask again.
STALE_AFTER = timedelta(minutes=10)
_ACTIVE = (ExportStatus.QUEUED, ExportStatus.BUILDING)


def latest(user: User) -> DataExport | None:
    """The member's most recent export that can still be waited for or downloaded."""
    row = db.session.scalar(sa.select(DataExport).where(DataExport.user_id == user.id).order_by(DataExport.id.desc()))
    if row is not None and row.status is ExportStatus.READY and row.expires_at <= utcnow():
        return None
    return row


@atomic
def _create(user: User) -> DataExport:
    # Older exports (expired, failed or stale) go when a new one is asked for: one per member.
    db.session.execute(sa.delete(DataExport).where(DataExport.user_id == user.id))
    row = DataExport(user_id=user.id)
    db.session.add(row)
    audit(user, "data_export_requested", subject=user)
    return row


def request_export(user: User) -> DataExport:
    """Start building an export, unless one is already on its way."""
    current = latest(user)
    if current is not None and current.status in _ACTIVE and current.created_at > utcnow() - STALE_AFTER:
        return current
    row = _create(user)
    socketio.start_background_task(_build, current_app._get_current_object(), row.id)
    return row


def _build(app: Flask, export_id: int) -> None:
    with app.app_context():
        try:
            _gather_and_store(export_id)
        except Exception as error:
            # The class only, no traceback: a database error's text can quote what members wrote.
            app.logger.error("Data export %s failed: %s", export_id, type(error).__name__)
            _mark_failed(export_id)
        finally:
            db.session.remove()


def _mark_failed(export_id: int) -> None:
    db.session.rollback()
    try:
        db.session.execute(sa.update(DataExport).where(DataExport.id == export_id)
                           .values(status=ExportStatus.FAILED))  # fmt: skip
        db.session.commit()
    except Exception:  # the database itself is away: the row stays "building" until it is stale
        db.session.rollback()


def _gather_and_store(export_id: int) -> None:
    row = db.session.get(DataExport, export_id)
    user = db.session.get(User, row.user_id)
    row.status = ExportStatus.BUILDING
    db.session.commit()
    data = {}
    for done, (name, gather) in enumerate(export_data.SECTIONS.items(), start=1):
        data[name] = gather(user)
        row.progress = round(90 * done / len(export_data.SECTIONS))
        db.session.commit()
    row.archive = _zip(data)
    row.status, row.progress, row.expires_at = ExportStatus.READY, 100, utcnow() + KEPT_FOR
    db.session.commit()


def _zip(data: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
        archive.writestr("index.html", render_template("accounts/export.html", data=data))
    return buffer.getvalue()


def download(user: User, export_id: int) -> bytes:
    """The archive, for its owner only, while it is ready and not expired."""
    row = db.session.get(DataExport, export_id) if 0 < export_id < 2**31 else None
    if row is None or row.user_id != user.id or row.status is not ExportStatus.READY or row.expires_at <= utcnow():
        raise NotFound("That export is not available. You can ask for a new one.")
    return db.session.scalar(sa.select(DataExport.archive).where(DataExport.id == row.id))
