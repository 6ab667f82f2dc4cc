"""Members who use Kindred through its balancer as a browser would, and remember what they were told.

Each ``Member`` signs in over HTTP, opens a Socket.IO connection over WebSocket with the
same cookies, joins its group's chat the way static/js/chat.js does (``join_chat`` with
``after`` on every reconnect and on ``catch_up``), and writes: replies through the forum
form and chat messages through ``send_message``. Every write is recorded with what the
server said about it: acknowledged (a 302, ``ok: true``), refused (an answer that says
it was not saved), or unknown (no answer at all). The fault suite compares that with the
database; bench/load.py prints it with the latency of each route.
"""

from __future__ import annotations

import random
import re
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import requests
import socketio

UNAVAILABLE_PAGE = "Kindred is having trouble"
_CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


@dataclass
class Write:
    kind: str  # "reply" or "chat"
    token: str  # a unique word in the text, to find it in the database
    started: float
    finished: float = 0.0
    outcome: str = "unknown"  # "acked", "refused" or "unknown"
    status: int | None = None  # the HTTP status of a reply; None for chat
    detail: str = ""


@dataclass
class Timing:
    route: str
    status: int | str
    seconds: float
    at: float
    unavailable_page: bool = False  # a 503 that is the app's own page, not the balancer's


@dataclass
class Member:
    base_url: str
    username: str
    password: str
    group: str
    thread_id: int
    server: str | None = None  # pin to one process through HAProxy's sticky cookie
    writes: list[Write] = field(default_factory=list)
    timings: list[Timing] = field(default_factory=list)
    live: Counter = field(default_factory=Counter)  # message id -> times it arrived as message_added
    seen: set[int] = field(default_factory=set)  # every published message shown, live or caught up
    catch_ups: int = 0
    reconnects: int = 0

    def __post_init__(self) -> None:
        self.http = requests.Session()
        if self.server:
            self.http.cookies.set("KINDRED_SERVER", self.server)
        self.sio = socketio.Client(reconnection=True, reconnection_delay=0.5, reconnection_delay_max=2,
                                   request_timeout=10)  # fmt: skip
        self.last_id: int | None = None
        self.csrf = ""
        self._lock = threading.Lock()
        self.sio.on("connect", self._on_connect)
        self.sio.on("message_added", self._on_message)
        self.sio.on("catch_up", self._on_catch_up)

    # --- HTTP ---
    def _timed(self, route: str, method: str, path: str, **kwargs) -> requests.Response | None:
        started = time.monotonic()
        try:
            response = self.http.request(method, self.base_url + path, timeout=15, allow_redirects=False, **kwargs)
        except requests.RequestException as error:
            self.timings.append(Timing(route, type(error).__name__, time.monotonic() - started, started))
            return None
        own_page = (
            response.status_code == 503
            and UNAVAILABLE_PAGE in response.text
            and "gunicorn" in response.headers.get("Server", "")
        )
        self.timings.append(Timing(route, response.status_code, time.monotonic() - started, started, own_page))
        return response

    def sign_in(self) -> None:
        page = self.http.get(f"{self.base_url}/signin", timeout=15)
        token = _CSRF.search(page.text).group(1)
        form = {"username": self.username, "password": self.password, "csrf_token": token}
        response = self.http.post(f"{self.base_url}/signin", data=form, timeout=15, allow_redirects=False)
        assert response.status_code == 302, f"{self.username} could not sign in: {response.status_code}"
        # CSRF tokens do not expire within a session (config.py): one for every later form.
        self.csrf = _CSRF.search(self.http.get(f"{self.base_url}/t/{self.thread_id}", timeout=15).text).group(1)

    def read_thread(self) -> None:
        self._timed("GET /t/<id>", "GET", f"/t/{self.thread_id}")

    def post_reply(self) -> Write:
        write = Write("reply", _token(self.username), time.monotonic())
        response = self._timed("POST /t/<id>/reply", "POST", f"/t/{self.thread_id}/reply",
                               data={"body": f"Checking in from the evening walk {write.token}",
                                     "csrf_token": self.csrf})  # fmt: skip
        write.finished = time.monotonic()
        if response is None:
            write.detail = "no answer"
        else:
            write.status = response.status_code
            if response.status_code == 302:
                write.outcome = "acked"
            elif response.status_code == 503 and UNAVAILABLE_PAGE in response.text:
                write.outcome, write.detail = "refused", "the app's 503 page"
            elif response.status_code < 500:
                write.outcome, write.detail = "refused", response.text[:200]
            else:
                write.detail = response.text[:200]  # a 5xx that is not the app's: the suite reports it
        self.writes.append(write)
        return write

    def post_thread(self, title: str, body: str) -> requests.Response | None:
        return self._timed("POST /g/<slug>/new", "POST", f"/g/{self.group}/new",
                           data={"title": title, "body": body, "csrf_token": self.csrf})  # fmt: skip

    # --- Socket.IO ---
    def connect(self) -> None:
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)
        # The same User-Agent as the HTTP requests: sign-in sessions are tied to it (session protection).
        headers = {"Cookie": cookies, "User-Agent": self.http.headers["User-Agent"]}
        self.sio.connect(self.base_url, transports=["websocket"], headers=headers, wait_timeout=15)

    def _on_connect(self) -> None:
        if self.last_id is not None:
            self.reconnects += 1
        self._join(self.last_id)

    def _join(self, after: int | None) -> None:
        payload = {"group": self.group} | ({} if after is None else {"after": after})
        self.sio.emit("join_chat", payload, callback=lambda ack: self._joined(ack, after))

    def _joined(self, ack: dict, after: int | None) -> None:
        if not ack.get("ok"):
            if ack.get("retry"):  # as chat.js does: the server could not reach its database
                threading.Timer(2.0, self._join, args=(after,)).start()
            return
        for message in ack["messages"]:
            self._show(message)

    def _show(self, message: dict) -> None:
        if message.get("status") == "published":
            with self._lock:
                self.seen.add(message["id"])
                self.last_id = max(self.last_id or 0, message["id"])

    def _on_message(self, message: dict) -> None:
        if message.get("group") == self.group:
            with self._lock:
                self.live[message["id"]] += 1
            self._show(message)

    def _on_catch_up(self, hint: dict) -> None:
        if hint.get("group") == self.group:
            self.catch_ups += 1
            self._join(hint["after"] if self.last_id is None else min(self.last_id, hint["after"]))

    def send_chat(self) -> Write:
        write = Write("chat", _token(self.username), time.monotonic())
        started = time.monotonic()
        try:
            ack = self.sio.call("send_message", {"group": self.group, "body": f"Still here, thanks all {write.token}",
                                                 "anonymous": False}, timeout=10)  # fmt: skip
        except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError) as error:
            ack, write.detail = None, type(error).__name__
        write.finished = time.monotonic()
        self.timings.append(Timing("send_message", "ack" if ack else "no ack", write.finished - started, started))
        if ack is not None:
            write.outcome = "acked" if ack.get("ok") else "refused"
            write.detail = ack.get("error", "")
        self.writes.append(write)
        return write

    def run(self, until: float, pace: float) -> None:
        """Read, reply and chat in turn, one action about every ``pace`` seconds, until ``until``."""
        actions = [self.send_chat, self.read_thread, self.post_reply, self.send_chat]
        step = random.randrange(len(actions))
        while time.monotonic() < until:
            actions[step % len(actions)]()
            step += 1
            time.sleep(pace * random.uniform(0.5, 1.5))

    def close(self) -> None:
        self.sio.disconnect()


class Listener(Member):
    """A listener with the moderator view open: on duty on every (re)connect; says alert_seen."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.alerts: Counter = Counter()  # item id -> times crisis_alert arrived
        self.duty_sids: list[str] = []
        self.sio.on("crisis_alert", self._on_alert)

    def _on_connect(self) -> None:
        self.sio.emit("go_on_duty", {}, callback=self._on_duty)

    def _on_duty(self, ack: dict) -> None:
        if ack.get("ok"):
            self.duty_sids.append(self.sio.get_sid("/"))

    def _on_alert(self, item: dict) -> None:
        self.alerts[item["id"]] += 1
        self.sio.emit("alert_seen", {"item": item["id"]})


def _token(username: str) -> str:
    return f"{username}-{uuid.uuid4().hex[:10]}"
