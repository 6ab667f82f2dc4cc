"""listener duty as a lease; crisis alert deliveries

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-26 01:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    # Duty rows from before leases have no owner to renew them: nobody is on duty across an upgrade.
    op.execute(sa.text('DELETE FROM listener_duty'))
    with op.batch_alter_table('listener_duty', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(), nullable=False))
        batch_op.create_index(batch_op.f('ix_listener_duty_expires_at'), ['expires_at'], unique=False)

    op.create_table('alert_deliveries',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('listener_id', sa.Integer(), nullable=False),
    sa.Column('delivered_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['queue_items.id'], name=op.f('fk_alert_deliveries_item_id_queue_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['listener_id'], ['users.id'], name=op.f('fk_alert_deliveries_listener_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', 'listener_id', name=op.f('pk_alert_deliveries'))
    )


def downgrade():
    op.drop_table('alert_deliveries')
    with op.batch_alter_table('listener_duty', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_listener_duty_expires_at'))
        batch_op.drop_column('expires_at')
