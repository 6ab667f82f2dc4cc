"""Fixtures for moderation tests: a member's post through the real page, listeners, queue items."""

import pytest
import sqlalchemy as sa

from community.extensions import db
from community.forum.models import Post, Thread
from moderation.models import QueueItem


@pytest.fixture
def set_config(app):
    """set_config(KEY=value, ...): a config value for this test only (a short lease or wait)."""
    saved: dict = {}

    def set_(**values):
        for key, value in values.items():
            saved.setdefault(key, app.config[key])
            app.config[key] = value

    yield set_
    app.config.update(saved)


def post_thread(browser, group, body, title="Checking in", anonymous=False):
    """The author's final submission: any content-warning suggestion was seen and declined
    (tests/warnings/test_suggestion.py covers that step), so these tests reach the pipeline."""
    data = {"title": title, "body": body, "warning_offered": "1"}
    if anonymous:
        data["anonymous"] = "y"
    return browser.post(f"/g/{group.slug}/new", data)


def latest_post() -> Post:
    db.session.expire_all()  # the pages changed it in their own sessions
    return db.session.scalar(sa.select(Post).order_by(Post.id.desc()))


def latest_item() -> QueueItem:
    db.session.expire_all()
    return db.session.scalar(sa.select(QueueItem).order_by(QueueItem.id.desc()))


def report_and_remove(reporter, post_id: int, sign_in) -> None:
    """``reporter`` reports the post as spam and a listener removes it, through the pages."""
    assert reporter.post(f"/p/{post_id}/report", {"reason": "spam"}).status_code == 302
    lee = sign_in("lee", role="listener")
    assert lee.post(f"/moderator/items/{latest_item().id}/reject", {"author_message": ""}).status_code == 302


def only_thread() -> Thread:
    return db.session.scalar(sa.select(Thread))
