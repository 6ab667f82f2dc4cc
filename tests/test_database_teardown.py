"""A request whose database connection dropped mid-request still ends cleanly.

The fault suite saw it once: Flask-SQLAlchemy's teardown rolled back on a connection the
database had closed, the rollback raised after the page was made, and the member got a 500.
"""

import pytest
import sqlalchemy as sa

from community.extensions import db


def test_ending_a_request_after_the_database_dropped_its_connection_raises_nothing(app, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL: an SQLite file has no connection to drop")
    admin = sa.create_engine(database_url)
    try:
        with app.app_context():  # a request's own context and session, as the server gives it
            backend = db.session.scalar(sa.text("SELECT pg_backend_pid()"))  # the request's transaction is open
            with admin.connect() as conn:
                conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
        # Leaving the context ran every teardown, and none raised.
    finally:
        admin.dispose()
    with app.app_context():
        assert db.session.scalar(sa.text("SELECT 1")) == 1  # the next request gets a live connection
