"""Fixtures for chat tests: rooms with members. Clients and listeners on duty come from tests/conftest.py."""

from __future__ import annotations

import pytest

from tests.conftest import LiveClient, names  # noqa: F401 - re-exported for the chat tests


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
