"""Fixtures for moderation tests: a member's post through the real page, listeners, queue items."""

import sqlalchemy as sa

from community.extensions import db
from community.forum.models import Post, Thread
from moderation.models import QueueItem


def post_thread(browser, group, body, title="Checking in", anonymous=False):
    data = {"title": title, "body": body}
    if anonymous:
        data["anonymous"] = "y"
    return browser.post(f"/g/{group.slug}/new", data)


def latest_post() -> Post:
    db.session.expire_all()  # the pages changed it in their own sessions
    return db.session.scalar(sa.select(Post).order_by(Post.id.desc()))


def latest_item() -> QueueItem:
    db.session.expire_all()
    return db.session.scalar(sa.select(QueueItem).order_by(QueueItem.id.desc()))


def only_thread() -> Thread:
    return db.session.scalar(sa.select(Thread))
