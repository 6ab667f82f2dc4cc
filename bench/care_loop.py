"""The care loop, measured against the app served as in production.

    .venv/bin/python bench/care_loop.py [--rounds 20] [--escalate-after 5]
        [--processes 2 --redis redis://127.0.0.1:6379/0]

Starts ``gunicorn -c python:community.gunicorn_conf community.wsgi:app`` (one process, or two sharing a
SQLite file with Redis as the message queue: the member on one, the listener on the
other) with a group, members, a listener and an admin, then, for each round:

- a member posts a crisis thread over HTTP; the on-duty listener's Socket.IO client
  receives ``crisis_alert``: **alert latency**, submission to the listener's screen;
- the listener's client answers ``alert_seen``; the member's Socket.IO client receives
  ``crisis_resources`` with ``listener_alerted: true``: **time for the member to hear a
  listener saw it**, from submission (an acknowledged delivery, not a duty lease);
- the listener claims it and opens a support chat over HTTP; the member's Socket.IO
  client receives the ``listener_reached_out`` notice: **time for the member to hear**.

Last, one crisis is left unclaimed and the admin's client waits for ``crisis_escalated``:
**escalation lateness**, how long after CRISIS_ESCALATE_AFTER it fired. Prints p50/p99.
Bounded: a fixed number of rounds, 127.0.0.1 only, everything removed at exit.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import requests
import socketio

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chat import ROOT, SECRET, USER_AGENT, _free_port  # noqa: E402 - the chat bench's server plumbing

GROUP = "care-loop"
CRISIS = "I've been hoarding my pills and I'm going to kill myself tonight."
_CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def _seed(tmp: str, members: int) -> dict[str, str]:
    """A group, members, a listener and an admin; one signed session cookie each, by username."""
    os.environ.update(KINDRED_INSTANCE_PATH=tmp, DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3", SECRET_KEY=SECRET)
    from flask_login.utils import _create_identifier

    from community import create_app
    from community.accounts import sessions
    from community.accounts.models import AccountSession, Role, User, utcnow
    from community.extensions import db
    from community.groups.models import Condition, Group, Membership

    app = create_app({"REDIS_URL": None})
    with app.app_context():
        db.create_all()
        group = Group(slug=GROUP, name="Care loop", condition=Condition.MENTAL_HEALTH, description="bench")
        db.session.add(group)
        roles = {f"m{i}": Role.MEMBER for i in range(members)} | {"lee": Role.LISTENER, "ada": Role.ADMIN}
        users = {name: User(username=name, username_key=name, display_name=name.title(), password_hash="x",
                            role=role, trusted_since=utcnow()) for name, role in roles.items()}  # fmt: skip
        db.session.add_all(users.values())
        db.session.flush()
        db.session.add_all(Membership(user_id=u.id, group_id=group.id) for u in users.values())
        # As bench/chat.py: a forged cookie counts only with a live server-side session row behind it.
        tokens = {name: os.urandom(16).hex() for name in users}
        db.session.add_all(AccountSession(user_id=users[name].id, token_hash=sessions.token_hash(token))
                           for name, token in tokens.items())  # fmt: skip
        db.session.commit()
        ids = {name: user.id for name, user in users.items()}
    serializer = app.session_interface.get_signing_serializer(app)
    with app.test_request_context(environ_base={"REMOTE_ADDR": "127.0.0.1"}, headers={"User-Agent": USER_AGENT}):
        ident = _create_identifier()
    return {name: serializer.dumps({"_user_id": str(i), "_fresh": True, "_id": ident, sessions.TOKEN_KEY: tokens[name]})
            for name, i in ids.items()}  # fmt: skip


def _serve(tmp: str, redis: str | None, escalate_after: int, index: int) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = os.environ | {"KINDRED_INSTANCE_PATH": tmp, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
                        "SECRET_KEY": SECRET, "CRISIS_ESCALATE_AFTER": str(escalate_after)}  # fmt: skip
    env.pop("REDIS_URL", None)
    if redis:
        env["REDIS_URL"] = redis
    log = open(Path(tmp) / f"server{index}.log", "w")  # noqa: SIM115 - closed with the process
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    command = [gunicorn, "-c", "python:community.gunicorn_conf", "-b", f"127.0.0.1:{port}"]
    server = subprocess.Popen([*command, "community.wsgi:app"], env=env, cwd=ROOT, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):  # noqa: S310 - our own server
                return server, url
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit(f"the server at {url} did not start")


def _http(url: str, cookie: str) -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    session.cookies.set("session", cookie, domain="127.0.0.1")
    session.base = url
    return session


def _token(session: requests.Session, form_page: str) -> str:
    return _CSRF.search(session.get(session.base + form_page).text).group(1)


def _post(session: requests.Session, path: str, form_page: str, data: dict, on_send=None) -> requests.Response:
    """Fetch the form's CSRF token first, so ``on_send`` marks the moment the submission leaves."""
    token = _token(session, form_page)
    if on_send:
        on_send()
    return session.post(session.base + path, data=data | {"csrf_token": token}, allow_redirects=False)


class Live:
    """A Socket.IO client that records when each event arrived."""

    def __init__(self, url: str, cookie: str, events: tuple[str, ...]):
        self.arrived: dict[str, list[tuple[float, dict]]] = {name: [] for name in events}
        self.changed = threading.Condition()
        self.sio = socketio.Client()
        for name in events:
            self.sio.on(name, self._recorder(name))
        self.sio.connect(url, headers={"Cookie": f"session={cookie}", "User-Agent": USER_AGENT},
                         transports=["websocket"])  # fmt: skip

    def _recorder(self, name: str):
        def record(payload):
            with self.changed:
                self.arrived[name].append((time.monotonic(), payload))
                self.changed.notify_all()

        return record

    def wait(self, name: str, match, timeout: float = 30.0) -> tuple[float, dict]:
        with self.changed:
            found = self.changed.wait_for(lambda: next((e for e in self.arrived[name] if match(e[1])), None), timeout)
        if not found:
            raise SystemExit(f"no {name} within {timeout:.0f}s")
        return found


def _pct(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))]


def _line(what: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return (f"{what:<44} n={len(ms):<3} p50 {statistics.median(ms):7.1f} ms   p99 {_pct(ms, 0.99):7.1f} ms"
            f"   max {max(ms):7.1f} ms")  # fmt: skip


def _round(n: int, member_http, member_live: Live, listener: Live, listener_http) -> tuple[float, float, float]:
    title, sent = f"Round {n}", {}
    mark = lambda key: lambda: sent.__setitem__(key, time.monotonic())  # noqa: E731
    response = _post(member_http, f"/g/{GROUP}/new", f"/g/{GROUP}/new", {"title": title, "body": CRISIS},
                     on_send=mark("post"))  # fmt: skip
    assert response.status_code == 302 and "/crisis" in response.headers["Location"], response.status_code
    alerted, alert = listener.wait("crisis_alert", lambda p: p["excerpt"].startswith(title))
    listener.sio.call("alert_seen", {"item": alert["id"]})
    told, _ = member_live.wait("crisis_resources", lambda p: p["listener_alerted"])
    assert listener.sio.call("claim_item", {"item": alert["id"]})["ok"]
    item_page = f"/moderator/items/{alert['id']}"
    opened = _post(listener_http, f"{item_page}/support-chat", item_page, {}, on_send=mark("reach"))
    assert opened.status_code == 302, opened.status_code
    heard, _ = member_live.wait("notification_added", lambda p: p["kind"] == "listener_reached_out")
    return alerted - sent["post"], told - sent["post"], heard - sent["reach"]


def run(rounds: int, escalate_after: int, processes: int, redis: str | None) -> None:
    with tempfile.TemporaryDirectory(prefix="kindred-care-") as tmp:
        cookies = _seed(tmp, rounds + 1)
        servers = [_serve(tmp, redis, escalate_after, i) for i in range(processes)]
        try:
            member_url, listener_url = servers[0][1], servers[-1][1]
            listener = Live(listener_url, cookies["lee"], ("crisis_alert",))
            assert listener.sio.call("go_on_duty", {})["ok"]
            listener_http = _http(listener_url, cookies["lee"])
            alerts, told, heard = [], [], []
            for n in range(rounds):
                member_live = Live(member_url, cookies[f"m{n}"], ("notification_added", "crisis_resources"))
                try:
                    times = _round(n, _http(member_url, cookies[f"m{n}"]), member_live, listener, listener_http)
                finally:
                    member_live.sio.disconnect()
                for measured, seconds in zip((alerts, told, heard), times, strict=True):
                    measured.append(seconds)
            admin = Live(listener_url, cookies["ada"], ("crisis_escalated",))
            last = _http(member_url, cookies[f"m{rounds}"])
            posted = {}
            _post(last, f"/g/{GROUP}/new", f"/g/{GROUP}/new", {"title": "Unclaimed", "body": CRISIS},
                  on_send=lambda: posted.setdefault("at", time.monotonic()))  # fmt: skip
            posted = posted["at"]
            fired, _ = admin.wait("crisis_escalated", lambda p: True, timeout=escalate_after + 60)
            where = "one process" if processes == 1 else f"{processes} processes, Redis queue"
            print(f"care loop, {rounds} rounds, {where} (member on the first, listener on the last)")
            print(_line("crisis post -> listener's screen", alerts))
            print(_line("crisis post -> member told a listener saw it", told))
            print(_line("listener opens chat -> member's screen", heard))
            label = f"escalation after {escalate_after} s fired at"
            print(f"{label:<44} {fired - posted:7.2f} s after the post"
                  f" ({fired - posted - escalate_after:+.2f} s late; checks every"
                  f" {max(0.5, min(5.0, escalate_after / 10)):.1f} s)")  # fmt: skip
            listener.sio.disconnect()
            admin.sio.disconnect()
        finally:
            for server, _ in servers:
                server.terminate()
                server.wait(timeout=15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--escalate-after", type=int, default=5)
    parser.add_argument("--processes", type=int, default=1, choices=(1, 2))
    parser.add_argument("--redis", default=None, help="needed with --processes 2")
    args = parser.parse_args()
    if args.processes == 2 and not args.redis:
        parser.error("two processes share events through Redis: pass --redis redis://127.0.0.1:6379/0")
    sys.path.insert(0, str(ROOT))
    run(args.rounds, args.escalate_after, args.processes, args.redis)


if __name__ == "__main__":
    main()
