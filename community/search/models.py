"""The full-text indexes over posts.search_text, one kind per database.

PostgreSQL: a GIN index on the English tsvector of each post's text, read with
``websearch_to_tsquery``. SQLite (the embedded default): an FTS5 table over the same
column, external content (the text lives once, in posts), kept in step by triggers.

Neither is a table SQLAlchemy can describe, so both are DDL here, created with the posts
table (``create_all`` in tests, demo setups) and by migration 0013, and named in
``INDEX_NAMES`` so that comparing the models with the migrated schema passes them by.
"""

from __future__ import annotations

import sqlalchemy as sa

from community.forum.models import Post

CONFIG = "english"  # PostgreSQL's text search configuration: stems, drops stop words
FTS_TABLE = "posts_search"  # SQLite
GIN_INDEX = "ix_posts_search_text"  # PostgreSQL
# FTS5 keeps its index in shadow tables named after the virtual table.
INDEX_NAMES = frozenset(
    {GIN_INDEX, FTS_TABLE, *(f"{FTS_TABLE}_{part}" for part in ("data", "idx", "docsize", "config"))}
)

POSTGRESQL_CREATE = (f"CREATE INDEX {GIN_INDEX} ON posts USING gin (to_tsvector('{CONFIG}', search_text))",)
POSTGRESQL_DROP = (f"DROP INDEX IF EXISTS {GIN_INDEX}",)

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE posts_search USING fts5(search_text, content='posts', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER posts_search_insert AFTER INSERT ON posts BEGIN "
    "INSERT INTO posts_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER posts_search_delete AFTER DELETE ON posts BEGIN "
    "INSERT INTO posts_search(posts_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER posts_search_update AFTER UPDATE OF search_text ON posts BEGIN "
    "INSERT INTO posts_search(posts_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO posts_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    # Rows already in posts (a migrated database) join the index.
    "INSERT INTO posts_search(posts_search) VALUES ('rebuild')",
)
SQLITE_DROP = (
    *(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{event}" for event in ("insert", "delete", "update")),
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
)

CREATE = {"postgresql": POSTGRESQL_CREATE, "sqlite": SQLITE_CREATE}
DROP = {"postgresql": POSTGRESQL_DROP, "sqlite": SQLITE_DROP}


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """For Alembic's comparisons: the search indexes are this module's, not the models'."""
    return name not in INDEX_NAMES


def _run(statements: dict[str, tuple[str, ...]]):
    def run(table: sa.Table, connection: sa.Connection, **kw) -> None:
        for statement in statements.get(connection.dialect.name, ()):
            connection.exec_driver_sql(statement)

    return run


# With the posts table: created after it, dropped before it (FTS5's table would outlive it).
sa.event.listen(Post.__table__, "after_create", _run(CREATE))
sa.event.listen(Post.__table__, "before_drop", _run(DROP))
