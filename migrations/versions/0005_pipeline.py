"""the check-in lane on queue items (the model's risk and reasons); one alias table for every place

Forum threads' and chat rooms' aliases move into `aliases`, keyed by (scope, place),
where Q&A sessions' aliases are stored too (they were derived, and collided).

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


# The old per-feature alias tables: (table, place column, the table the place is in, scope).
OLD_ALIAS_TABLES = [('thread_aliases', 'thread_id', 'threads', 'thread'), ('chat_aliases', 'group_id', 'groups', 'chat')]


def upgrade():
    with op.batch_alter_table('queue_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('check_in', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('risk', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('reasons', sa.JSON(), nullable=False, server_default='[]'))
    op.create_table('aliases',
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_aliases_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('scope', 'place_id', 'user_id', name=op.f('pk_aliases')),
    sa.UniqueConstraint('scope', 'place_id', 'alias', name='uq_aliases_scope_place_id_alias')
    )
    for table, place, _, scope in OLD_ALIAS_TABLES:
        op.execute(f"INSERT INTO aliases (scope, place_id, user_id, alias) "
                   f"SELECT '{scope}', {place}, user_id, alias FROM {table}")
        op.drop_table(table)


def downgrade():
    for table, place, places, scope in OLD_ALIAS_TABLES:
        op.create_table(table,
        sa.Column(place, sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('alias', sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint([place], [f'{places}.id'], name=op.f(f'fk_{table}_{place}_{places}'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f(f'fk_{table}_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint(place, 'user_id', name=op.f(f'pk_{table}')),
        sa.UniqueConstraint(place, 'alias', name=f'uq_{table}_{place}_alias')
        )
        # Only aliases whose place still exists: a thread or group may have gone since.
        op.execute(f"INSERT INTO {table} ({place}, user_id, alias) SELECT place_id, user_id, alias FROM aliases "
                   f"WHERE scope = '{scope}' AND place_id IN (SELECT id FROM {places})")
    op.drop_table('aliases')
    with op.batch_alter_table('queue_items', schema=None) as batch_op:
        batch_op.drop_column('reasons')
        batch_op.drop_column('risk')
        batch_op.drop_column('check_in')
