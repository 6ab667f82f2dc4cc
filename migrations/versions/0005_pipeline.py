"""the check-in lane on queue items: the model's risk and reasons

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 02:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('queue_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('check_in', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('risk', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('reasons', sa.JSON(), nullable=False, server_default='[]'))


def downgrade():
    with op.batch_alter_table('queue_items', schema=None) as batch_op:
        batch_op.drop_column('reasons')
        batch_op.drop_column('risk')
        batch_op.drop_column('check_in')
