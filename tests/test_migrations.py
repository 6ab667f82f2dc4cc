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
        return compare_metadata(MigrationContext.configure(conn), db.metadata)


def test_migrations_build_the_models_schema_and_downgrade_to_nothing(migration_app):
    assert _tables() == set()
    flask_migrate.upgrade()
    assert {table.name for table in db.metadata.sorted_tables} <= _tables()
    assert _differences() == [], "models and migrations disagree: add a migration"
    flask_migrate.downgrade(revision="base")
    assert _tables() == {"alembic_version"}
