"""Deleting an account, after the member re-enters their password.

Everything the member wrote moves to one shared "former member" account, so nothing left
behind links to them or to each other: a listener's handle, a profile or an alias would
otherwise tie their old posts together. They choose what those posts become: erased
(a placeholder keeps threads readable, as when one deletes a single post) or kept, signed
"A former member" (anonymous ones keep their alias in each place). Queue items keep their
decisions but lose the member's text and the screener's excerpts of it; audit entries keep
what was decided and lose the link to the account. Then every remaining row that points at
the account goes, walked through the schema's own ON DELETE rules, so that SQLite (which
does not enforce them here) and PostgreSQL end up the same.
"""

from __future__ import annotations

import sqlalchemy as sa

from community.accounts import sessions
from community.accounts.models import Role, User, utcnow
from community.accounts.service import check_password
from community.chat.models import ChatMessage
from community.errors import InvalidInput
from community.extensions import db
from community.forum.models import Post, Thread
from community.identity import SCOPES, Alias
from community.qa.models import Answer, QaSession, Question
from community.support.models import SupportMessage
from community.transactions import atomic
from moderation.models import QueueItem
from moderation.queue import audit
from moderation.status import ContentStatus

# Outside the username pattern, so nobody can sign up as it; its password hash matches nothing.
FORMER_USERNAME = "(former member)"
FORMER_NAME = "A former member"
ERASED_TITLE = "A thread whose author left"
_NO_PASSWORD = "!"  # noqa: S105 (not a hash of anything: no password checks against it)


def former_member() -> User:
    """The one account that holds what deleted members left behind."""
    former = db.session.scalar(sa.select(User).where(User.username_key == FORMER_USERNAME))
    if former is None:
        former = User(username=FORMER_USERNAME, username_key=FORMER_USERNAME, display_name=FORMER_NAME,
                      password_hash=_NO_PASSWORD, role=Role.MEMBER, trusted_since=utcnow())  # fmt: skip
        db.session.add(former)
        db.session.flush()
    return former


@atomic
def delete_account(user: User, password: str, *, keep_posts: bool) -> None:
    if not isinstance(password, str) or not check_password(user, password):
        raise InvalidInput("That password is not right, so nothing was deleted.")
    former = former_member()
    sessions.end_all(user, keep_current=False)
    if keep_posts:
        _hand_over_aliases(user, former)
    else:
        _erase_writing(user)
    _hand_over_writing(user, former)
    _keep_decisions_without_text(user, former)
    audit(None, "account_deleted", note="posts kept as a former member" if keep_posts else "posts erased")
    _remove(User.__table__, User.id == user.id)
    db.session.expunge(user)


def _erase_writing(user: User) -> None:
    # A thread's title is the opener's words too; the thread stays for the replies in it.
    opened = sa.select(Post.thread_id).where(Post.author_id == user.id, Post.is_opening)
    db.session.execute(sa.update(Thread).where(Thread.id.in_(opened)).values(title=ERASED_TITLE)
                       .execution_options(synchronize_session=False))  # fmt: skip
    deleted = ContentStatus.DELETED
    for model, blanks in ((Post, {"body": "", "body_html": "", "search_text": "", "status": deleted}),
                          (ChatMessage, {"body": "", "shown": "", "status": deleted}),
                          (Question, {"body": "", "body_html": "", "status": deleted}),
                          (Answer, {"body": "", "body_html": ""}), (SupportMessage, {"body": ""})):  # fmt: skip
        db.session.execute(sa.update(model).where(model.author_id == user.id).values(**blanks)
                           .execution_options(synchronize_session=False))  # fmt: skip


def _hand_over_aliases(user: User, former: User) -> None:
    """Anonymous posts keep their alias where the former-member account has none yet."""
    for scope in SCOPES:
        taken = sa.select(Alias.place_id).where(Alias.user_id == former.id, Alias.scope == scope)
        db.session.execute(
            sa.update(Alias).where(Alias.user_id == user.id, Alias.scope == scope, Alias.place_id.not_in(taken))
            .values(user_id=former.id).execution_options(synchronize_session=False)
        )  # fmt: skip


def _hand_over_writing(user: User, former: User) -> None:
    for model in (Post, ChatMessage, Question, Answer):
        db.session.execute(sa.update(model).where(model.author_id == user.id).values(author_id=former.id)
                           .execution_options(synchronize_session=False))  # fmt: skip
    # Others' questions live in a clinician's sessions: the sessions stay.
    db.session.execute(sa.update(QaSession).where(QaSession.host_id == user.id).values(host_id=former.id))


def _keep_decisions_without_text(user: User, former: User) -> None:
    db.session.execute(
        sa.update(QueueItem).where(QueueItem.author_id == user.id)
        .values(author_id=former.id, original_text=None, author_message=None, matches=[])
        .execution_options(synchronize_session=False)
    )  # fmt: skip


def _remove(table: sa.Table, where: sa.ColumnElement, depth: int = 0) -> None:
    """DELETE rows of ``table`` and, first, what the schema's ON DELETE rules say goes with them."""
    if depth > 6:
        raise RuntimeError("The schema's foreign keys nest deeper than expected.")
    for child in db.metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table is not table:
                continue
            parents = sa.select(fk.column).where(where)
            if fk.ondelete == "CASCADE":
                _remove(child, fk.parent.in_(parents), depth + 1)
            elif fk.ondelete == "SET NULL":
                db.session.execute(sa.update(child).where(fk.parent.in_(parents)).values({fk.parent.name: None}))
    db.session.execute(sa.delete(table).where(where))
