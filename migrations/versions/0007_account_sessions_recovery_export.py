"""accounts: server-side sessions, recovery codes, password resets, data exports, bio and time zone

Revision ID: 0007
Revises: 0004
Create Date: 2026-11-26 02:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def _fk(table, column, target):
    return sa.ForeignKeyConstraint([column], [f'{target}.id'], name=op.f(f'fk_{table}_{column}_{target}'),
                                   ondelete='CASCADE')


def _index(table, column):
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f'ix_{table}_{column}'), [column], unique=False)


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bio', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('time_zone', sa.String(length=64), nullable=True))

    op.create_table('account_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    _fk('account_sessions', 'user_id', 'users'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_account_sessions_token_hash'))
    )
    _index('account_sessions', 'user_id')
    op.create_table('account_session_sockets',
    sa.Column('sid', sa.String(length=64), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    _fk('account_session_sockets', 'session_id', 'account_sessions'),
    sa.PrimaryKeyConstraint('sid', name=op.f('pk_account_session_sockets'))
    )
    _index('account_session_sockets', 'session_id')
    op.create_table('recovery_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    _fk('recovery_codes', 'user_id', 'users'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_codes')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_recovery_codes_code_hash'))
    )
    _index('recovery_codes', 'user_id')
    op.create_table('password_resets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    _fk('password_resets', 'user_id', 'users'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_resets')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_password_resets_token_hash'))
    )
    _index('password_resets', 'user_id')
    op.create_table('data_exports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('queued', 'building', 'ready', 'failed', name='exportstatus', native_enum=False,
                                length=16), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=True),
    sa.Column('archive', sa.LargeBinary(), nullable=True),
    _fk('data_exports', 'user_id', 'users'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_exports'))
    )
    _index('data_exports', 'user_id')


def downgrade():
    for table in ('data_exports', 'password_resets', 'recovery_codes', 'account_session_sockets',
                  'account_sessions'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            column = 'session_id' if table == 'account_session_sockets' else 'user_id'
            batch_op.drop_index(batch_op.f(f'ix_{table}_{column}'))
        op.drop_table(table)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('time_zone')
        batch_op.drop_column('bio')
