"""Fixtures for notifications: a group with a thread, members' live clients, listeners on duty."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from community.extensions import db
from community.notifications.models import Notification
from tests.conftest import LiveClient, text


def start_thread(browser, group, title="Evenings", body="How do you unwind?", anonymous=False) -> int:
    data = {"title": title, "body": body} | ({"anonymous": "y"} if anonymous else {})
    response = browser.post(f"/g/{group.slug}/new", data)
    assert response.status_code == 302, text(response)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def reply(browser, thread_id: int, body: str, anonymous: bool = False) -> int:
    data = {"body": body} | ({"anonymous": "y"} if anonymous else {})
    response = browser.post(f"/t/{thread_id}/reply", data)
    assert response.status_code == 302, text(response)
    return int(response.headers["Location"].rsplit("#post-", 1)[1])


def stored() -> list[Notification]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Notification).order_by(Notification.id)))


def notices(client: LiveClient) -> list[dict]:
    return client.events("notification_added")


@pytest.fixture
def forum_pair(sign_in, make_group):
    """river (who opens threads) and sam (who replies), both members of one group."""
    group = make_group()
    river, sam = sign_in("river", display_name="River"), sign_in("sam", display_name="Sam")
    for browser in (river, sam):
        assert browser.post(f"/g/{group.slug}/join").status_code == 302
    return group, river, sam


@pytest.fixture
def on_duty(sign_in, connect):
    """on_duty("lee") -> (the listener's browser, their live client, on duty)."""

    def make(username: str = "lee", role: str = "listener"):
        browser = sign_in(username, role=role, display_name=username.title())
        listener = connect(browser)
        assert listener.emit("go_on_duty", {})["ok"]
        return browser, listener

    return make
