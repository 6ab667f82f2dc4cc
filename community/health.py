"""How the app stands with what it depends on: ``/healthz``, and what to show when the database is away.

When PostgreSQL is unreachable every page would fail, the error page included (it asks
who is signed in). ``unavailable_response`` answers with a page rendered once, from
nothing but a template and the crisis resources, so a member always sees the lines
they can call, and socket events answer ``UNAVAILABLE_ACK`` instead of going unanswered.
"""

from __future__ import annotations

from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app

from community.extensions import db

# What "the database is away" looks like from SQLAlchemy: a connection refused, dropped or timed out.
DATABASE_DOWN = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError)

UNAVAILABLE_MESSAGE = "Kindred is having trouble; your message was not sent"
# "retry": nothing was wrong with the request; the page may send it again in a moment.
UNAVAILABLE_ACK = {"ok": False, "error": UNAVAILABLE_MESSAGE, "retry": True}
RETRY_AFTER_SECONDS = 10


def is_database_down(error: BaseException) -> bool:
    """True for the errors an unreachable database raises, wherever they surfaced."""
    while error is not None:
        if isinstance(error, DATABASE_DOWN):
            return True
        error = error.__cause__ or error.__context__
    return False


def forget_failed_transaction() -> None:
    """Roll back, even on a connection that is already gone."""
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection is dead; the pool replaces it on next checkout
        db.session.remove()


def close_sessions_quietly_when_the_database_is_gone(app: Flask) -> None:
    """End each request's session without raising when the database went away mid-request.

    Flask-SQLAlchemy's teardown closes the session with a rollback; on a connection the database
    dropped, that rollback raises after the response was made, and the server turns a page the
    member was already given (or the 503 page) into a 500. Registered after db.init_app, this
    teardown runs before Flask-SQLAlchemy's, which then finds no session left to close."""

    @app.teardown_appcontext
    def _close_session(_error: BaseException | None) -> None:
        try:
            db.session.remove()
        except Exception as error:
            if not is_database_down(error):
                raise
            db.session.registry.clear()  # the pool replaces the dead connection on next checkout


def unavailable_page(app: Flask) -> str:
    """The 503 page, rendered once per app without a request, a user or the database."""
    page = app.extensions.get("kindred_unavailable_page")
    if page is None:
        # The crisis lines come from the composition root (create_app): the kernel imports no feature.
        resources = app.extensions["kindred_crisis_resources"]
        page = app.jinja_env.get_template("errors/unavailable.html").render(resources=resources)
        app.extensions["kindred_unavailable_page"] = page
    return page


def unavailable_response():
    forget_failed_transaction()
    current_app.logger.warning("Database unreachable: answering 503")
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS), "Content-Type": "text/html; charset=utf-8"}
    return unavailable_page(current_app._get_current_object()), 503, headers


def _database_status() -> str:
    try:
        db.session.execute(sa.text("SELECT 1"))
        return "ok"
    except DATABASE_DOWN:
        forget_failed_transaction()
        return "down"


def _redis_status() -> str:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return "not used"
    import redis

    client = current_app.extensions.get("kindred_health_redis")
    if client is None:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        current_app.extensions["kindred_health_redis"] = client
    try:
        client.ping()
        return "ok"
    except redis.RedisError:
        return "down"


def status() -> tuple[dict, int]:
    """Each dependency's state; 503 when the database is down (Redis away only degrades)."""
    report = {"database": _database_status(), "redis": _redis_status()}
    report["ok"] = report["database"] == "ok"
    return report, 200 if report["ok"] else 503


@click.command("write-unavailable-page")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def write_unavailable_page(path: Path) -> None:
    """Write the 503 page as an HAProxy errorfile, for when no app process answers at all."""
    page = unavailable_page(current_app._get_current_object()).encode()
    head = (f"HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/html; charset=utf-8\r\n"
            f"Cache-Control: no-store\r\nRetry-After: {RETRY_AFTER_SECONDS}\r\nConnection: close\r\n"
            f"Content-Length: {len(page)}\r\n\r\n")  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(head.encode() + page)
    click.echo(f"Wrote {path}")
