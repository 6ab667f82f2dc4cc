"""Shared fixtures: one app per test session on a real database, emptied after each test.

The database is a throwaway PostgreSQL database created on KINDRED_TEST_POSTGRES's
server (``make test`` points it at 127.0.0.1), or a temporary SQLite file when
that variable is unset.
"""

from __future__ import annotations

import html
import os
import re
import time
import uuid

import pytest
import sqlalchemy as sa

from community import create_app
from community.accounts import service as accounts
from community.accounts.models import Role
from community.extensions import db, limiter, socketio
from community.groups import service as groups
from community.groups.models import Condition

PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def _create_postgres_database(admin_url: str) -> tuple[str, sa.Engine, str]:
    name = f"kindred_test_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(admin_url.replace("postgresql://", "postgresql+psycopg://"),
                             isolation_level="AUTOCOMMIT")  # fmt: skip
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    return url, admin, name


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    admin_url = os.environ.get("KINDRED_TEST_POSTGRES")
    if not admin_url:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        return
    url, admin, name = _create_postgres_database(admin_url)
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    os.environ["KINDRED_INSTANCE_PATH"] = str(tmp_path_factory.mktemp("instance"))
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SOCKETIO_ASYNC_MODE": "threading",
        "REDIS_URL": None,
    })  # fmt: skip
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def _empty_tables() -> None:
    db.session.remove()
    tables = db.metadata.sorted_tables
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            # TRUNCATE fires no row triggers, so the append-only audit log empties too.
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    if db.engine.dialect.name != "postgresql":
        # SQLite's audit-log triggers refuse DELETE, so the fallback path rebuilds the schema.
        db.drop_all()
        db.create_all()


@pytest.fixture(autouse=True)
def _clean_state(app):
    """Each test starts with empty tables, fresh rate-limit counters and no recorded sockets."""
    with app.app_context():
        yield
        _empty_tables()
    limiter.reset()
    # Ids start again at 1 in the next test: sockets a test left open must not count for its users.
    app.extensions.pop("kindred_live_sockets", None)
    # Tables are emptied behind the session's back (TRUNCATE): pages kept for visitors go with them.
    for name in ("kindred_page_cache", "kindred_member_pages", "kindred_page_stamps", "kindred_fragments"):
        app.extensions.pop(name, None)


def text(response) -> str:
    """A response body as a person reads it: HTML entities decoded."""
    return html.unescape(response.get_data(as_text=True))


class Browser:
    """A Flask test client that fills in CSRF tokens the way a browser's form would."""

    def __init__(self, client):
        self.client = client
        self._token: str | None = None

    def token(self) -> str:
        if self._token is None:
            page = self.get("/signin").get_data(as_text=True)
            match = _CSRF.search(page)
            assert match, "the sign-in page has no CSRF token"
            self._token = match.group(1) or match.group(2)
        return self._token

    def _request(self, method: str, *args, **kwargs):
        # A fresh app context per request, as in production: otherwise the test's own context
        # is reused and `g` (the signed-in user, the CSRF token) leaks from one client to another.
        with self.client.application.app_context():
            return getattr(self.client, method)(*args, **kwargs)

    def get(self, *args, **kwargs):
        return self._request("get", *args, **kwargs)

    def post(self, url, data=None, *, csrf=True, **kwargs):
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.token())
        return self._request("post", url, data=data, **kwargs)

    def sign_in(self, username: str, password: str = PASSWORD):
        response = self.post("/signin", {"username": username, "password": password})
        self._token = None  # the session changed; so does the token
        return response


@pytest.fixture
def browser(app):
    """A visitor's browser."""
    return Browser(app.test_client())


@pytest.fixture
def make_user(app):
    def make(
        username: str,
        role: str = "member",
        *,
        credential: str | None = None,
        display_name: str = "",
        trusted: bool = True,
    ):
        """An established member by default; trusted=False for a brand-new one whose first posts are held."""
        user = accounts.sign_up(username, PASSWORD, display_name=display_name)
        if role != "member":
            accounts.grant_role(user, Role(role), credential=credential or "Licensed psychologist")
        if trusted:
            accounts.mark_trusted(user)
        return user

    return make


@pytest.fixture
def sign_in(app, make_user):
    """sign_in("sam", role="listener") -> a Browser signed in as a new member with that role."""

    def sign_in(username: str, role: str = "member", **kwargs) -> Browser:
        make_user(username, role, **kwargs)
        browser = Browser(app.test_client())
        assert browser.sign_in(username).status_code == 302
        return browser

    return sign_in


@pytest.fixture
def make_group(app):
    counter = iter(range(1, 1000))

    def make(slug: str | None = None, condition: str = "mental-health", **flags):
        n = next(counter)
        slug = slug or f"group-{n}"
        return groups.create_group(slug, f"Group {n}", Condition(condition), "A test group.", **flags)

    return make


@pytest.fixture
def member_in(sign_in, make_group):
    """member_in(condition=..., **group_flags) -> (browser signed in as a group member, group)."""

    def make(username="sam", condition="mental-health", trusted=True, **flags):
        group = make_group(condition=condition, **flags)
        browser = sign_in(username, trusted=trusted)
        assert browser.post(f"/g/{group.slug}/join").status_code == 302
        return browser, group

    return make


@pytest.fixture
def member_of(app):
    """member_of(user, group): join without going through a page."""

    def join(user, group):
        groups.join(user, group)

    return join


class LiveClient:
    """A Flask-SocketIO test client whose every call runs in a fresh app context, like Browser's
    requests, so the signed-in user kept on `g` never leaks from one client to another."""

    def __init__(self, app, browser):
        self.app = app
        with app.app_context():
            self.sio = socketio.test_client(app, flask_test_client=browser.client)

    @property
    def sid(self) -> str:
        return socketio.server.manager.sid_from_eio_sid(self.sio.eio_sid, "/")

    def emit(self, event: str, data=None, callback: bool = True):
        with self.app.app_context():
            return self.sio.emit(event, data, callback=callback)

    def received(self) -> list[dict]:
        with self.app.app_context():
            return self.sio.get_received()

    get_received = received

    def events(self, name: str) -> list[dict]:
        return [e["args"][0] for e in self.received() if e["name"] == name]

    def wait_for(self, name: str, timeout: float = 3.0) -> list[dict]:
        """The `name` events received from now until the first arrives (or `timeout`): for
        broadcasts that are folded together and sent at the end of a short window."""
        deadline, found = time.monotonic() + timeout, []
        while not found and time.monotonic() < deadline:
            found = self.events(name)
            time.sleep(0.02)
        return found

    def received_until(
        self, name: str, shows, timeout: float = 3.0, *, already: list[dict] = ()
    ) -> tuple[list[dict], dict | None]:
        """Every event received until a `name` event for which `shows(payload)` holds (or `timeout`),
        and that payload: a folded broadcast may come after an earlier, older one of its kind.
        ``already`` are events read before, looked through first: the one awaited may be there."""
        deadline, seen, batch = time.monotonic() + timeout, [], list(already)
        while True:
            seen += batch
            for event in batch:
                if event["name"] == name and shows(event["args"][0]):
                    return seen, event["args"][0]
            if time.monotonic() >= deadline:
                return seen, None
            time.sleep(0.02)
            batch = self.received()

    def is_connected(self) -> bool:
        return self.sio.is_connected()

    def disconnect(self) -> None:
        with self.app.app_context():
            self.sio.disconnect()


def names(events: list[dict]) -> list[str]:
    return [e["name"] for e in events]


@pytest.fixture
def connect(app):
    """connect(browser) -> a live Socket.IO client signed in as that browser's member."""
    clients: list[LiveClient] = []

    def connect(browser) -> LiveClient:
        client = LiveClient(app, browser)
        clients.append(client)
        return client

    yield connect
    for client in clients:
        if client.is_connected():
            client.disconnect()


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


# --- several processes -----------------------------------------------------------------------


def pages_use_redis(app, url: str | None, monkeypatch) -> None:
    """Point ``app``'s page stamps at Redis (its Socket.IO stays in-process: only stamps are tested)."""
    monkeypatch.setitem(app.config, "REDIS_URL", url)
    for name in ("kindred_page_stamps", "kindred_page_cache"):
        app.extensions.pop(name, None)


@pytest.fixture
def second_process(app, database_url, monkeypatch):
    """(this app, another app on the same database and Redis), each with its own kept pages."""
    url = os.environ.get("KINDRED_TEST_REDIS")
    if not url:
        pytest.skip("KINDRED_TEST_REDIS is not set")
    other = create_app({"TESTING": True, "SECRET_KEY": "test-secret-key", "SQLALCHEMY_DATABASE_URI": database_url,
                        "SOCKETIO_ASYNC_MODE": "threading", "REDIS_URL": None})  # fmt: skip
    for each in (app, other):
        pages_use_redis(each, url, monkeypatch)
    yield other
    for each in (app, other):
        pages_use_redis(each, None, monkeypatch)
    with other.app_context():
        db.engine.dispose()
