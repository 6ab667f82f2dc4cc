"""account sessions: last_seen_at, so that a session nobody uses ends on its own

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-26 18:45:00

Existing sessions count as seen when they began: one older than SESSION_IDLE_DAYS ends.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('account_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_seen_at', sa.DateTime(), nullable=True))
    op.execute("UPDATE account_sessions SET last_seen_at = created_at")
    with op.batch_alter_table('account_sessions', schema=None) as batch_op:
        batch_op.alter_column('last_seen_at', existing_type=sa.DateTime(), nullable=False)


def downgrade():
    with op.batch_alter_table('account_sessions', schema=None) as batch_op:
        batch_op.drop_column('last_seen_at')
