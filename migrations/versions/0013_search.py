"""full-text search over forum posts (posts.search_text and its index); read markers of long threads

Revision ID: 0013
Revises: 0011
Create Date: 2026-11-26 05:30:00

PostgreSQL: a GIN index on to_tsvector('english', search_text). SQLite: an FTS5 table
over the same column (external content), kept in step by triggers on posts. The same
statements as community/search/models.py, written out here so that this migration keeps
meaning what it meant when the code moves on.

A later migration that rebuilds posts on SQLite (batch "move and copy") drops the
triggers with the old table: it must create them again.
"""
from html.parser import HTMLParser

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

FTS = "posts_search"
POSTGRESQL_CREATE = ("CREATE INDEX ix_posts_search_text ON posts USING gin (to_tsvector('english', search_text))",)
POSTGRESQL_DROP = ("DROP INDEX IF EXISTS ix_posts_search_text",)
SQLITE_CREATE = (
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(search_text, content='posts', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER {FTS}_insert AFTER INSERT ON posts BEGIN "
    f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER {FTS}_delete AFTER DELETE ON posts BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    f"CREATE TRIGGER {FTS}_update AFTER UPDATE OF search_text ON posts BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
)
SQLITE_DROP = (
    *(f"DROP TRIGGER IF EXISTS {FTS}_{event}" for event in ("insert", "delete", "update")),
    f"DROP TABLE IF EXISTS {FTS}",
)


class _TextOnly(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces = []

    def handle_data(self, data):
        self.pieces.append(data)

    def handle_starttag(self, tag, attrs):
        self.pieces.append(" ")

    def handle_endtag(self, tag):
        self.pieces.append(" ")


def _plain_text(html):
    parser = _TextOnly()
    parser.feed(html or "")
    parser.close()
    return " ".join("".join(parser.pieces).split())


def _fill_search_text(bind):
    """Existing posts: the words of their shown HTML, after the thread's title on an opening post."""
    rows = bind.execute(sa.text(
        "SELECT posts.id, posts.is_opening, posts.body_html, threads.title FROM posts "
        "JOIN threads ON threads.id = posts.thread_id"
    )).all()
    for post_id, is_opening, html, title in rows:
        text = " ".join(filter(None, (title if is_opening and html else "", _plain_text(html))))
        bind.execute(sa.text("UPDATE posts SET search_text = :text WHERE id = :id"), {"text": text, "id": post_id})


def upgrade():
    op.create_table('thread_reads',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('last_read_post_id', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_thread_reads_thread_id_threads'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_thread_reads_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'thread_id', name=op.f('pk_thread_reads'))
    )
    with op.batch_alter_table('thread_reads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_thread_reads_thread_id'), ['thread_id'], unique=False)

    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), server_default='', nullable=False))
    bind = op.get_bind()
    _fill_search_text(bind)
    for statement in {"postgresql": POSTGRESQL_CREATE, "sqlite": SQLITE_CREATE}.get(bind.dialect.name, ()):
        op.execute(statement)


def downgrade():
    bind = op.get_bind()
    for statement in {"postgresql": POSTGRESQL_DROP, "sqlite": SQLITE_DROP}.get(bind.dialect.name, ()):
        op.execute(statement)
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_column('search_text')
    with op.batch_alter_table('thread_reads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_thread_reads_thread_id'))
    op.drop_table('thread_reads')
