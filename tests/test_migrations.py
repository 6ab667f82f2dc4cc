"""The migrations build the schema the models describe, and take it all down again.

What CI runs on an empty database (STYLE.md): upgrade → check → downgrade, on
SQLite and on PostgreSQL. PostgreSQL is skipped only when KINDRED_TEST_POSTGRES
is unset.
"""

from __future__ import annotations

import os

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import current_app

from community import create_app
from community.extensions import db
from tests.conftest import _create_postgres_database


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    admin_url = os.environ.get("KINDRED_TEST_POSTGRES")
    if not admin_url:
        pytest.skip("KINDRED_TEST_POSTGRES is not set")
    url, admin, name = _create_postgres_database(admin_url)
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def migration_app(empty_database):
    """An app of its own on the empty database, as `flask db upgrade` would build it."""
    app = create_app({"SECRET_KEY": "migrations", "SQLALCHEMY_DATABASE_URI": empty_database,
                      "SOCKETIO_ASYNC_MODE": "threading", "REDIS_URL": None})  # fmt: skip
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def _tables() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


def _differences() -> list:
    with db.engine.connect() as conn:
        # The app's own comparison options: the search indexes are DDL the models do not describe.
        options = dict(current_app.extensions["migrate"].configure_args)
        return compare_metadata(MigrationContext.configure(conn, opts=options), db.metadata)


def test_migrations_build_the_models_schema_and_downgrade_to_nothing(migration_app):
    assert _tables() == set()
    flask_migrate.upgrade()
    assert {table.name for table in db.metadata.sorted_tables} <= _tables()
    assert _differences() == [], "models and migrations disagree: add a migration"
    flask_migrate.downgrade(revision="base")
    assert _tables() == {"alembic_version"}


def _rows(statement: str) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(sa.text(statement))]


def _execute(*statements: str) -> None:
    with db.engine.begin() as conn:
        for statement in statements:
            conn.execute(sa.text(statement))


def test_0005_moves_every_stored_alias_into_one_table_and_back(migration_app):
    flask_migrate.upgrade(revision="0004")
    _execute(
        "INSERT INTO users (id, username, username_key, display_name, password_hash, role, handle, created_at) "
        "VALUES (1, 'sam', 'sam', 'Sam', 'x', 'member', 'member-1', '2026-11-01')",
        "INSERT INTO groups (id, slug, name, condition, description, rules, is_public, premoderated, number_free, "
        "created_at) VALUES (1, 'calm', 'Calm', 'mental-health', '', '', true, false, false, '2026-11-01')",
        "INSERT INTO threads (id, group_id, title, created_at, last_activity_at) "
        "VALUES (7, 1, 'Hello', '2026-11-01', '2026-11-01')",
        "INSERT INTO thread_aliases (thread_id, user_id, alias) VALUES (7, 1, 'Heron')",
        "INSERT INTO chat_aliases (group_id, user_id, alias) VALUES (1, 1, 'Quiet Otter')",
    )
    flask_migrate.upgrade()
    assert sorted(_rows("SELECT scope, place_id, user_id, alias FROM aliases")) == [
        ("chat", 1, 1, "Quiet Otter"), ("thread", 7, 1, "Heron"),
    ]  # fmt: skip
    flask_migrate.downgrade(revision="0004")
    assert _rows("SELECT thread_id, user_id, alias FROM thread_aliases") == [(7, 1, "Heron")]
    assert _rows("SELECT group_id, user_id, alias FROM chat_aliases") == [(1, 1, "Quiet Otter")]
