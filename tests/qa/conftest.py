"""Q&A fixtures: a group, its clinician, a scheduled session; signed-in Socket.IO clients."""

from __future__ import annotations

from datetime import timedelta

import pytest

from community.accounts.models import utcnow
from community.extensions import db
from community.qa import service
from community.qa.models import QaSession
from tests.conftest import LiveClient, names  # noqa: F401 - names is re-exported for the Q&A tests


def payloads(received: list[dict], name: str) -> list[dict]:
    return [event["args"][0] for event in received if event["name"] == name]


@pytest.fixture
def connect(connect):
    """tests/conftest.py's live client, and it must be up: every Q&A client is signed in."""

    def connect_signed_in(browser) -> LiveClient:
        client = connect(browser)
        assert client.is_connected()
        return client

    return connect_signed_in


def on_duty(listener: LiveClient) -> None:
    assert listener.emit("go_on_duty", {})["ok"]


class Clinic:
    """A group, its clinician host (signed in) and one scheduled session."""

    def __init__(self, group, host, host_user, session):
        self.group, self.host, self.host_user, self.session = group, host, host_user, session

    @property
    def id(self) -> int:
        return self.session.id

    def member(self, sign_in, member_of, username: str, role: str = "member", **kwargs):
        """A signed-in member of the clinic's group."""
        browser = sign_in(username, role=role, **kwargs)
        from community.accounts.service import find_by_username

        member_of(find_by_username(username), self.group)
        return browser


@pytest.fixture
def clinic(sign_in, make_group, member_of):
    def make(**group_flags) -> Clinic:
        group = make_group(**group_flags)
        host = sign_in(
            "dr_okafor",
            role="clinician",
            credential="Licensed clinical psychologist (PsyD)",
            display_name="Dr. Okafor",
        )
        from community.accounts.service import find_by_username

        host_user = find_by_username("dr_okafor")
        member_of(host_user, group)
        session = service.schedule_session(
            host_user,
            group,
            title="Living with panic",
            description="Ask anything.",
            starts_at=utcnow() + timedelta(hours=1),
            duration_minutes=60,
        )
        return Clinic(group, host, host_user, session)

    return make


def fresh(session_id: int) -> QaSession:
    db.session.expire_all()
    return db.session.get(QaSession, session_id)
