"""private groups: join requests a listener decides, and invitation links; support chats remember
an anonymous item they were opened from

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26 05:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('group_join_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('state', sa.Enum('pending', 'approved', 'declined', name='requeststate', native_enum=False, length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_group_join_requests_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_group_join_requests_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_group_join_requests_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_join_requests'))
    )
    with op.batch_alter_table('group_join_requests', schema=None) as batch_op:
        batch_op.create_index('ix_group_join_requests_state_group_id', ['state', 'group_id'], unique=False)
    op.create_table('group_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('max_uses', sa.Integer(), nullable=False),
    sa.Column('uses', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_group_invitations_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_group_invitations_group_id_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_invitations')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_group_invitations_token_hash'))
    )

    with op.batch_alter_table('support_chats', schema=None) as batch_op:
        batch_op.add_column(sa.Column('from_anonymous', sa.Boolean(), server_default=sa.false(), nullable=False))
    # Chats opened before from an anonymous item: from now on they show its anonymous handle.
    op.execute(sa.text(
        'UPDATE support_chats SET from_anonymous = true WHERE item_id IN '
        '(SELECT id FROM queue_items WHERE is_anonymous = true)'
    ))


def downgrade():
    with op.batch_alter_table('support_chats', schema=None) as batch_op:
        batch_op.drop_column('from_anonymous')
    op.drop_table('group_invitations')
    with op.batch_alter_table('group_join_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_group_join_requests_state_group_id')
    op.drop_table('group_join_requests')
