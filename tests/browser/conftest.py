"""Browser tests: the real server, started as in production, driven by Debian's Chromium.

``live_server`` runs ``gunicorn -c python:community.gunicorn_conf community.wsgi:app`` in its own process,
on a fresh SQLite database that ``flask db upgrade`` and ``flask seed-demo`` prepared,
once per test session. ``browser_page`` (or ``new_context()`` for more than one person)
opens pages on it in a headless Chromium; every console error and uncaught script
error lands in ``console_errors``.

    @pytest.mark.browser
    def test_something(live_server, browser_page, console_errors):
        sign_in(browser_page, "lee", live_server.passwords["lee"])
        ...
        assert console_errors == []

The server is shared by the whole session: sign up with ``fresh_username()`` so that
tests do not collide.
"""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
import uuid
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from community.config import PROJECT_ROOT
from tests.conftest import PASSWORD

BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("KINDRED_CHROMIUM", "/usr/bin/chromium")
# Measured on this machine (DESIGN.md): these keep Debian's Chromium quiet and headless-safe.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic",
                 "--no-first-run"]  # fmt: skip
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
# seed-demo prints "  <role> <username> <password>" once per demo account.
_DEMO_ACCOUNT = re.compile(r"^\s+(?:member|listener|clinician|admin)\s+(\S+)\s+(\S+)\s*$", re.MULTILINE)
HANDLE = re.compile(r"^member-[0-9a-f]{8}$")  # community.accounts.models: what listeners see


@dataclass(frozen=True)
class LiveServer:
    url: str
    passwords: dict[str, str]  # demo username -> password, as seed-demo printed them
    instance_path: Path
    env: dict[str, str]

    def flask(self, *args: str) -> str:
        """Run an operator command against this server's database: ``flask("grant-role", ...)``."""
        return _flask(self.env, *args)


def _flask(env: dict[str, str], *args: str) -> str:
    command = [str(BIN / "flask"), "--app", "community", *args]
    done = subprocess.run(command, env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_healthy(url: str, server: subprocess.Popen, log: Path, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"the server did not answer /healthz within {timeout:.0f}s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The production server on a free port, with demo data; stopped when the session ends."""
    instance = tmp_path_factory.mktemp("live-instance")
    env = {key: value for key, value in os.environ.items()
           if key not in ("REDIS_URL", "SECRET_KEY", "DATABASE_URL")}  # fmt: skip
    env |= {
        "KINDRED_INSTANCE_PATH": str(instance),
        "DATABASE_URL": f"sqlite:///{instance / 'kindred.sqlite3'}",
        # Every browser test signs in (and up) from 127.0.0.1; the production limits would trip.
        "SIGN_IN_RATE_LIMIT": "1000 per minute",
        "SIGN_UP_RATE_LIMIT": "1000 per minute",
        # A member who switches identity in a chat room shows as here after 20-90 s in
        # production; a second here, so that a test can watch it happen.
        "CHAT_SWITCH_DELAY_MIN": "1",
        "CHAT_SWITCH_DELAY_MAX": "1",
        # A crisis author is told "no listener has seen it yet" 15 s after an unacknowledged alert in
        # production; 3 s here, so that a test can watch the page change.
        "CRISIS_ACK_WAIT_SECONDS": "3",
        # A member in line asks every 30 s whether a listener is still on duty; every second here.
        "SUPPORT_STATUS_POLL_SECONDS": "1",
    }
    _flask(env, "db", "upgrade")
    passwords = dict(_DEMO_ACCOUNT.findall(_flask(env, "seed-demo")))
    assert passwords, "seed-demo printed no demo accounts"
    port = free_port()
    server = start_server(env, port, instance / "server.log")
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", passwords, instance, env)
    finally:
        stop_server(server)


def start_server(env: dict[str, str], port: int, log: Path, *options: str) -> subprocess.Popen:
    """The production server (``options``: more of gunicorn's, such as ``-w 2``), once it answers."""
    with log.open("w") as log_file:
        command = [str(BIN / "gunicorn"), "-c", "python:community.gunicorn_conf", "-b", f"127.0.0.1:{port}", *options]
        server = subprocess.Popen([*command, "community.wsgi:app"], env=env, cwd=PROJECT_ROOT,
                                  stdout=log_file, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        _wait_until_healthy(f"http://127.0.0.1:{port}", server, log)
    except BaseException:
        stop_server(server)
        raise
    return server


def read_response(stream) -> tuple[bytes, bool]:
    """One HTTP/1.1 response read off a raw connection: its status line, and whether the server
    said it closes the connection."""
    status, closes, length = stream.readline(), False, 0
    while (line := stream.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
        closes |= name.lower() == b"connection" and value.strip().lower() == b"close"
    stream.read(length)
    return status, closes


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@pytest.fixture(scope="session")
def chromium() -> Browser:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: run tests/setup/ensure-chromium.sh (make test does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def console_errors() -> list[str]:
    """Console errors (CSP violations among them) and uncaught script errors, from every page."""
    return []


@pytest.fixture
def new_context(chromium, live_server, console_errors):
    """new_context(**options) -> a fresh browser profile on the live server, closed afterwards."""
    contexts: list[BrowserContext] = []

    def record_console(message) -> None:
        # Chromium may still ask for /favicon.ico on its own; pages link static/favicon.svg.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def new_context(**options) -> BrowserContext:
        context = chromium.new_context(base_url=live_server.url, **options)
        context.on("console", record_console)
        context.on("weberror", lambda error: console_errors.append(f"uncaught: {error.error}"))
        contexts.append(context)
        return context

    yield new_context
    for context in contexts:
        context.close()


@pytest.fixture
def browser_page(new_context) -> Page:
    """One page in a fresh profile: a person who has not signed in yet."""
    return new_context().new_page()


def fresh_username(prefix: str = "member") -> str:
    """A username no other test on the shared server has used."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def sign_up(page: Page, username: str, password: str = PASSWORD, *, display_name: str = "") -> None:
    """Create an account through the sign-up form; the page ends signed in, on the home page."""
    page.goto("/signup")
    page.get_by_label("Username", exact=True).fill(username)
    if display_name:
        page.get_by_label("Display name (optional)").fill(display_name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the form (demo accounts: ``live_server.passwords[username]``)."""
    page.goto("/signin")
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def new_member(new_context, name: str) -> tuple[Page, str, str]:
    """A freshly signed-up member: their page, username and display name ("Ana 1a2b3c4d")."""
    page, username = new_context().new_page(), fresh_username(name.lower())
    display_name = f"{name} {username[-8:]}"
    sign_up(page, username, display_name=display_name)
    return page, username, display_name


def join_group(page: Page, group: str) -> None:
    """Join a group from the home page, as a member would; the page ends on the group."""
    page.goto("/")
    page.get_by_role("link", name=group).first.click()  # the home page may link it twice
    page.get_by_role("button", name="Join group").click()
    expect(page.get_by_role("button", name="Leave group")).to_be_visible()


def new_listener_on_duty(live_server: LiveServer, new_context, name: str) -> tuple[Page, str]:
    """A new member made a listener, on duty in the moderator view: their page and display name."""
    page, username, display_name = new_member(new_context, name)
    live_server.flask("grant-role", username, "listener")
    page.reload()  # the navigation offers the moderator view from the next page on
    page.get_by_role("link", name="Moderator view").click()
    page.get_by_role("button", name="Go on duty").click()
    expect(page.locator("#duty-status")).to_have_text("You are on duty.")
    return page, display_name


def handle_of(live_server: LiveServer, username: str) -> str:
    """The private handle a member shows listeners (nothing shows it to the member)."""
    with closing(sqlite3.connect(live_server.instance_path / "kindred.sqlite3")) as db:
        query = "SELECT handle FROM users WHERE username = ?"
        (handle,) = db.execute(query, (username,)).fetchone()
    assert HANDLE.match(handle)
    return handle
