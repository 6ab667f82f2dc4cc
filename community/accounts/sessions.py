"""Server-side sessions: a cookie works only while its session row is live.

Signing in starts a session and keeps a random token in the (signed) Flask session cookie;
the database keeps only the token's hash. Signing out ends that one session, and "sign out
everywhere" or a password change ends them all, so a copied cookie stops working at once,
for pages and for sockets. A session nobody has used for ``SESSION_IDLE_DAYS`` is over as
well, and a member's sessions that are over are deleted when they next sign in: the rows
say when someone was here, and nobody needs that once the session is gone.

The sockets a session opened are disconnected after the commit, on whichever server process
holds them (with a Redis message queue, python-socketio forwards the disconnect to the
process that has the socket).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, session
from flask_login import login_user, logout_user
from sqlalchemy.orm import Session

from community.accounts.models import AccountSession, SessionSocket, User, utcnow
from community.extensions import db, execute_plain, socketio
from community.security import token_hash
from community.transactions import atomic

# The key in the Flask session cookie that holds this browser's session token.
TOKEN_KEY = "account_session"  # noqa: S105 (a key name, not a secret)
_PENDING_DISCONNECTS = "kindred.pending_disconnects"


def _current_token() -> str | None:
    token = session.get(TOKEN_KEY)
    return token if isinstance(token, str) else None


# A session's last_seen_at moves on at most this often: one UPDATE a day per browser in use,
# not one per request, and a day is nothing beside SESSION_IDLE_DAYS.
SEEN_EVERY = timedelta(days=1)


def _is_live(seen_since: sa.BindParameter | datetime):
    return sa.and_(AccountSession.ended_at.is_(None), AccountSession.last_seen_at >= seen_since)


def _seen_since() -> datetime:
    return utcnow() - timedelta(days=current_app.config["SESSION_IDLE_DAYS"])


# Every signed-in request runs it: built once, with the member, the token's hash and the
# idle limit as parameters.
_LIVE_MEMBER = (
    sa.select(User, AccountSession.id, AccountSession.last_seen_at)
    .join(AccountSession, AccountSession.user_id == User.id)
    .where(User.id == sa.bindparam("user_id", type_=sa.Integer),
           AccountSession.token_hash == sa.bindparam("token_hash", type_=sa.String),
           _is_live(sa.bindparam("seen_since", type_=sa.DateTime)))
)  # fmt: skip


def load_member(user_id: str) -> User | None:
    """Flask-Login's user loader: the member only while this browser's session is live."""
    token = _current_token()
    if not user_id.isdigit() or token is None:
        return None
    found = db.session.execute(
        _LIVE_MEMBER, {"user_id": int(user_id), "token_hash": token_hash(token), "seen_since": _seen_since()}
    ).first()
    if found is None:
        return None
    member, session_id, last_seen_at = found
    if last_seen_at < utcnow() - SEEN_EVERY:
        _seen(session_id)
    return member


@atomic
def _seen(session_id: int) -> None:
    # account_sessions: watched by no page stamp, so past the ORM's layer.
    execute_plain(sa.update(AccountSession).where(AccountSession.id == session_id).values(last_seen_at=utcnow()))


def current_session() -> AccountSession | None:
    token = _current_token()
    if token is None:
        return None
    return db.session.scalar(
        sa.select(AccountSession).where(AccountSession.token_hash == token_hash(token), _is_live(_seen_since()))
    )


@atomic
def begin(user: User) -> AccountSession:
    """Sign ``user`` in on this browser with a new server-side session."""
    token = secrets.token_urlsafe(32)
    # The member's sessions that are over (signed out, or left unused) go: nobody can use them.
    over = sa.select(AccountSession.id).where(AccountSession.user_id == user.id, sa.not_(_is_live(_seen_since())))
    db.session.execute(sa.delete(SessionSocket).where(SessionSocket.session_id.in_(over)))
    db.session.execute(sa.delete(AccountSession).where(AccountSession.id.in_(over)))
    row = AccountSession(user_id=user.id, token_hash=token_hash(token))
    db.session.add(row)
    # A new token on every sign-in: a cookie captured before signing in is worth nothing after.
    login_user(user)
    session[TOKEN_KEY] = token
    return row


@atomic
def end_this() -> None:
    """Sign out this browser: its session row ends, and its sockets are disconnected."""
    row = current_session()
    if row is not None:
        _end(sa.select(AccountSession.id).where(AccountSession.id == row.id))
    logout_user()
    session.pop(TOKEN_KEY, None)


@atomic
def end_all(user: User, *, keep_current: bool) -> int:
    """End every live session of ``user`` (all but this browser's when ``keep_current``)."""
    ids = sa.select(AccountSession.id).where(AccountSession.user_id == user.id, AccountSession.ended_at.is_(None))
    current = current_session() if keep_current else None
    if current is not None:
        ids = ids.where(AccountSession.id != current.id)
    return _end(ids)


def _end(session_ids: sa.Select) -> int:
    ids = list(db.session.scalars(session_ids))
    if not ids:
        return 0
    db.session.execute(sa.update(AccountSession).where(AccountSession.id.in_(ids)).values(ended_at=utcnow()))
    sids = list(db.session.scalars(sa.select(SessionSocket.sid).where(SessionSocket.session_id.in_(ids))))
    db.session.execute(sa.delete(SessionSocket).where(SessionSocket.session_id.in_(ids)))
    db.session.info.setdefault(_PENDING_DISCONNECTS, []).extend(sids)
    return len(ids)


@atomic
def track_socket(sid: str) -> None:
    """Remember which session opened socket ``sid`` (called on connect)."""
    row = current_session()
    if row is not None:
        db.session.add(SessionSocket(sid=sid, session_id=row.id))


@atomic
def forget_socket(sid: str) -> None:
    db.session.execute(sa.delete(SessionSocket).where(SessionSocket.sid == sid))


@sa.event.listens_for(Session, "after_commit")
def _disconnect_pending(db_session: Session) -> None:
    sids = db_session.info.pop(_PENDING_DISCONNECTS, [])
    if not sids:
        return
    # A fresh app context, so the disconnect handlers (which forget the socket in the
    # database) get a database session of their own, not this one in mid-commit.
    with current_app.app_context():
        for sid in sids:
            socketio.server.disconnect(sid, namespace="/")


@sa.event.listens_for(Session, "after_rollback")
def _drop_pending(db_session: Session) -> None:
    db_session.info.pop(_PENDING_DISCONNECTS, None)
