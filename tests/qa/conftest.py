"""Q&A fixtures: a group, its clinician, a scheduled session; Socket.IO clients for browsers."""

from __future__ import annotations

from datetime import timedelta

import pytest

from community.accounts.models import utcnow
from community.extensions import db, socketio
from community.qa import service
from community.qa.models import QaSession


def names(received: list[dict]) -> list[str]:
    return [event["name"] for event in received]


def payloads(received: list[dict], name: str) -> list[dict]:
    return [event["args"][0] for event in received if event["name"] == name]


class LiveClient:
    """A Socket.IO test client whose every call runs in a fresh app context, like Browser's:
    otherwise the signed-in user cached on `g` leaks from one client to the next."""

    def __init__(self, app, browser):
        self.app = app
        with app.app_context():
            self.client = socketio.test_client(app, flask_test_client=browser.client)

    def __getattr__(self, name: str):
        method = getattr(self.client, name)

        def in_context(*args, **kwargs):
            with self.app.app_context():
                return method(*args, **kwargs)

        return in_context


@pytest.fixture
def connect(app):
    """connect(browser) -> a Socket.IO test client sharing that browser's sign-in."""
    clients = []

    def connect(browser):
        client = LiveClient(app, browser)
        assert client.is_connected()
        clients.append(client)
        return client

    yield connect
    for client in clients:
        if client.is_connected():
            client.disconnect()


def on_duty(listener: LiveClient) -> None:
    """Put a connected listener on duty (via the room itself if go_on_duty is not there)."""
    if listener.emit("go_on_duty", {}, callback=True) is None:
        from community import realtime

        sid = socketio.server.manager.sid_from_eio_sid(listener.client.eio_sid, "/")
        socketio.server.enter_room(sid, realtime.LISTENERS_ROOM)


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
