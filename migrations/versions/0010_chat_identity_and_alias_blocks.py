"""chat: identity chosen per room, aliases kept on messages; blocks of anonymous authors by alias;
support reactions on posts; content warnings on posts and readers' folded topics

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26 02:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('chat_identities',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('is_anonymous', sa.Boolean(), nullable=False),
    sa.Column('appear_after', sa.DateTime(), nullable=True),
    sa.Column('retired_alias', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_chat_identities_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_chat_identities_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'user_id', name=op.f('pk_chat_identities'))
    )
    op.create_table('alias_blocks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('blocker_id', sa.Integer(), nullable=False),
    sa.Column('place', sa.String(length=10), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['blocker_id'], ['users.id'], name=op.f('fk_alias_blocks_blocker_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alias_blocks')),
    sa.UniqueConstraint('blocker_id', 'place', 'place_id', 'alias', name='uq_alias_blocks_blocker_id_place')
    )
    with op.batch_alter_table('alias_blocks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alias_blocks_blocker_id'), ['blocker_id'], unique=False)
    op.create_table('reactions',
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_reactions_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reactions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('post_id', 'user_id', name=op.f('pk_reactions'))
    )
    with op.batch_alter_table('reactions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reactions_user_id'), ['user_id'], unique=False)
    op.create_table('content_preferences',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('folded_topics', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_content_preferences_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_content_preferences'))
    )
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('warning', sa.String(length=20), nullable=True))
    with op.batch_alter_table('chat_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('alias', sa.String(length=40), nullable=True))
    # Messages sent before aliases were kept with them went out under the member's room alias.
    op.execute(sa.text(
        "UPDATE chat_messages SET alias = (SELECT aliases.alias FROM aliases WHERE aliases.scope = 'chat'"
        ' AND aliases.place_id = chat_messages.group_id AND aliases.user_id = chat_messages.author_id)'
        ' WHERE is_anonymous'
    ))
    # Members who had an alias chose to be anonymous in that room.
    op.execute(sa.text(
        'INSERT INTO chat_identities (group_id, user_id, is_anonymous)'
        " SELECT place_id, user_id, true FROM aliases WHERE scope = 'chat'"
        ' AND place_id IN (SELECT id FROM groups)'
    ))


def downgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_column('warning')
    op.drop_table('content_preferences')
    with op.batch_alter_table('reactions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reactions_user_id'))
    op.drop_table('reactions')
    with op.batch_alter_table('chat_messages', schema=None) as batch_op:
        batch_op.drop_column('alias')
    with op.batch_alter_table('alias_blocks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alias_blocks_blocker_id'))
    op.drop_table('alias_blocks')
    op.drop_table('chat_identities')
