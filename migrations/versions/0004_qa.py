"""live Q&A: sessions, questions, votes, answers, co-hosts, reminders, attendance

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

CONTENT_STATUS = sa.Enum('published', 'held', 'rejected', 'removed', 'deleted', name='contentstatus',
                         native_enum=False, length=16)


def _fk(table, column, target, ondelete='CASCADE'):
    return sa.ForeignKeyConstraint([column], [f'{target}.id'], name=op.f(f'fk_{table}_{column}_{target}'),
                                   ondelete=ondelete)


def _index(table, *columns):
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f'ix_{table}_{column}'), [column], unique=False)


def upgrade():
    op.create_table('qa_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('host_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('scheduled', 'live', 'closed', name='sessionstate', native_enum=False, length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    _fk('qa_sessions', 'group_id', 'groups'),
    _fk('qa_sessions', 'host_id', 'users'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qa_sessions'))
    )
    _index('qa_sessions', 'group_id', 'host_id', 'starts_at')

    op.create_table('qa_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('is_anonymous', sa.Boolean(), nullable=False),
    sa.Column('status', CONTENT_STATUS, nullable=False),
    sa.Column('state', sa.Enum('open', 'answering', 'answered', 'set_aside', name='questionstate', native_enum=False, length=16), nullable=False),
    sa.Column('votes', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('votes >= 0', name=op.f('ck_qa_questions_votes_not_negative')),
    _fk('qa_questions', 'session_id', 'qa_sessions'),
    _fk('qa_questions', 'author_id', 'users'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qa_questions'))
    )
    _index('qa_questions', 'session_id', 'author_id')

    op.create_table('qa_question_votes',
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('voter_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    _fk('qa_question_votes', 'question_id', 'qa_questions'),
    _fk('qa_question_votes', 'voter_id', 'users'),
    sa.PrimaryKeyConstraint('question_id', 'voter_id', name=op.f('pk_qa_question_votes'))
    )

    op.create_table('qa_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    _fk('qa_answers', 'question_id', 'qa_questions'),
    _fk('qa_answers', 'author_id', 'users'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qa_answers'))
    )
    _index('qa_answers', 'question_id', 'author_id')

    op.create_table('qa_cohosts',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    _fk('qa_cohosts', 'session_id', 'qa_sessions'),
    _fk('qa_cohosts', 'user_id', 'users'),
    sa.PrimaryKeyConstraint('session_id', 'user_id', name=op.f('pk_qa_cohosts'))
    )

    op.create_table('qa_reminders',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('notified_at', sa.DateTime(), nullable=True),
    _fk('qa_reminders', 'session_id', 'qa_sessions'),
    _fk('qa_reminders', 'user_id', 'users'),
    sa.PrimaryKeyConstraint('session_id', 'user_id', name=op.f('pk_qa_reminders'))
    )

    op.create_table('qa_attendance',
    sa.Column('sid', sa.String(length=64), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    _fk('qa_attendance', 'session_id', 'qa_sessions'),
    _fk('qa_attendance', 'user_id', 'users'),
    sa.PrimaryKeyConstraint('sid', name=op.f('pk_qa_attendance'))
    )
    _index('qa_attendance', 'session_id')


def downgrade():
    for table in ('qa_attendance', 'qa_reminders', 'qa_cohosts', 'qa_answers', 'qa_question_votes',
                  'qa_questions', 'qa_sessions'):
        op.drop_table(table)
