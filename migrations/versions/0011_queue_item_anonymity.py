"""queue items remember whether the content was anonymous

Revision ID: 0011
Revises: 0006
Create Date: 2026-11-26 03:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('queue_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_anonymous', sa.Boolean(), server_default=sa.false(), nullable=False))
    # Items from before: anonymous when their forum post, chat message or question was.
    for table in ('posts', 'chat_messages', 'qa_questions'):
        kind = {'posts': 'post', 'chat_messages': 'chat_message', 'qa_questions': 'question'}[table]
        op.execute(sa.text(
            f"UPDATE queue_items SET is_anonymous = true WHERE content_kind = :kind AND content_id IN "
            f"(SELECT id FROM {table} WHERE is_anonymous = true)"
        ).bindparams(kind=kind))


def downgrade():
    with op.batch_alter_table('queue_items', schema=None) as batch_op:
        batch_op.drop_column('is_anonymous')
