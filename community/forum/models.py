"""Threads and posts (their anonymous aliases are community.identity's, scope "thread")."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from community.accounts.models import User, utcnow
from community.extensions import db, enum_column
from community.groups.models import Group
from community.rendering import plain_text
from moderation.status import ContentStatus


class Thread(db.Model):
    __tablename__ = "threads"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Bumped when a reply is published; orders the group page.
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    group: Mapped[Group] = relationship()
    posts: Mapped[list[Post]] = relationship(back_populates="thread", order_by="Post.id", cascade="all, delete-orphan")
    # Read-only: who opened it (a reply's notice goes to them); loaded with the thread by access.
    opening: Mapped[Post] = relationship(
        primaryjoin="and_(Post.thread_id == Thread.id, Post.is_opening)", viewonly=True, uselist=False
    )


class Post(db.Model):
    """The opening post of a thread, or a reply. Body and HTML are kept side by side:
    the Markdown source to edit, the sanitized HTML (rendered once, on write) to show."""

    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(sa.ForeignKey("threads.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    is_opening: Mapped[bool] = mapped_column(default=False)
    is_anonymous: Mapped[bool] = mapped_column(default=False)
    body: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[ContentStatus] = mapped_column(enum_column(ContentStatus), default=ContentStatus.PUBLISHED)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column()
    # A listener's correction with a source, shown under a post approved despite a health claim.
    context_note: Mapped[str | None] = mapped_column(sa.Text)
    # A content warning the author folded the post behind (community/warnings/topics.py), or None.
    warning: Mapped[str | None] = mapped_column(sa.String(20))
    # What search reads (community/search): the words of body_html as readers see them (masked,
    # sanitized, no markup), after the thread's title on an opening post. Kept in step below.
    search_text: Mapped[str] = mapped_column(sa.Text, default="", server_default="", deferred=True)

    thread: Mapped[Thread] = relationship(back_populates="posts")
    author: Mapped[User] = relationship()

    @validates("body_html")
    def _keep_search_text(self, key: str, html: str) -> str:
        # Every writer of the shown text sets body_html (rendering, a listener's edit, deletion);
        # an opening post's title is set before it, as the content kind renders both together.
        title = self.thread.title if self.is_opening and html and self.thread is not None else ""
        self.search_text = " ".join(filter(None, (title, plain_text(html))))
        return html

    @property
    def is_published(self) -> bool:
        return self.status is ContentStatus.PUBLISHED


class ThreadRead(db.Model):
    """How far a member has read a thread: the newest post a page showed them. A thread opens
    at the first post after it (forum.access.thread_page)."""

    __tablename__ = "thread_reads"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    thread_id: Mapped[int] = mapped_column(sa.ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)  # fmt: skip
    # No foreign key: an id to count from, still meaningful once its post is gone.
    last_read_post_id: Mapped[int] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
