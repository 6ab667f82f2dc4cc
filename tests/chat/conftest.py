"""Fixtures for chat tests: listeners on duty, rooms with members. Clients come from tests/conftest.py."""

from __future__ import annotations

import pytest

from tests.conftest import LiveClient, names  # noqa: F401 - re-exported for the chat tests


@pytest.fixture
def on_duty(app, connect, sign_in):
    """A listener on duty, as the moderator view puts them: through the go_on_duty event."""

    def make(username: str = "lee") -> LiveClient:
        listener = connect(sign_in(username, role="listener"))
        ack = listener.emit("go_on_duty", {})
        assert ack["ok"], ack
        listener.received()
        return listener

    return make


@pytest.fixture
def room(make_group, member_of, make_user):
    """room("sam", "ash") -> a group those members belong to."""

    def make(*usernames: str, **flags):
        from community.accounts.service import find_by_username

        group = make_group(**flags)
        for username in usernames:
            member_of(find_by_username(username), group)
        return group

    return make
