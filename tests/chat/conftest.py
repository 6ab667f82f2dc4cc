"""Socket.IO clients for chat tests: each call runs in a fresh app context, like Browser's
requests, so the signed-in user kept on `g` never leaks from one client to another."""

from __future__ import annotations

import pytest

from community.extensions import socketio
from moderation import duty


class Client:
    def __init__(self, app, browser):
        self.app = app
        with app.app_context():
            self.sio = socketio.test_client(app, flask_test_client=browser.client)

    @property
    def sid(self) -> str:
        return socketio.server.manager.sid_from_eio_sid(self.sio.eio_sid, "/")

    def emit(self, event: str, data=None):
        with self.app.app_context():
            return self.sio.emit(event, data, callback=True)

    def received(self) -> list[dict]:
        with self.app.app_context():
            return self.sio.get_received()

    def events(self, name: str) -> list[dict]:
        return [e["args"][0] for e in self.received() if e["name"] == name]

    def is_connected(self) -> bool:
        return self.sio.is_connected()

    def disconnect(self) -> None:
        with self.app.app_context():
            self.sio.disconnect()


def names(events: list[dict]) -> list[str]:
    return [e["name"] for e in events]


@pytest.fixture
def connect(app):
    clients: list[Client] = []

    def connect(browser) -> Client:
        client = Client(app, browser)
        clients.append(client)
        return client

    yield connect
    for client in clients:
        if client.is_connected():
            client.disconnect()


@pytest.fixture
def on_duty(app, connect, sign_in):
    """A listener on duty: through the go_on_duty event when it exists, else its row and room."""

    def make(username: str = "lee") -> Client:
        browser = sign_in(username, role="listener")
        listener = connect(browser)
        ack = listener.emit("go_on_duty", {})
        if ack is None:  # the moderator's go_on_duty is not registered yet
            from community.accounts.service import find_by_username

            duty.go_on_duty(find_by_username(username), listener.sid)
            socketio.server.enter_room(listener.sid, "listeners", namespace="/")
        else:
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
