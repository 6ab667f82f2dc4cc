"""The production server takes turns between connections (community.serving), on the live server.

No browser here: raw connections to the same gunicorn that the browser tests use. First, two
keep-alive connections. One always has requests waiting (it pipelines them, as a busy load balancer connection
effectively does); the other asks one at a time, as a member's browser does. gunicorn's own
gevent worker serves the busy one again and again while the other waits (issue 15 measured
1 answer against 648 in three seconds); a fair server answers both about equally.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import socket
import threading
import time
import urllib.request
from urllib.parse import urlencode, urlsplit

import pytest

from tests.browser.conftest import read_response

REQUEST = b"GET /healthz HTTP/1.1\r\nHost: kindred\r\n\r\n"
SECONDS = 2.0


def _keep_asking(address, stop_at: float, answered: list[int]) -> None:
    """Keep four requests in flight on one connection until ``stop_at``."""
    with socket.create_connection(address) as conn, conn.makefile("rb") as stream:
        conn.sendall(REQUEST * 4)
        while time.monotonic() < stop_at:
            assert b" 200 " in read_response(stream)[0]
            answered[0] += 1
            conn.sendall(REQUEST)


@pytest.mark.browser
def test_a_connection_that_keeps_asking_does_not_keep_another_member_waiting(live_server):
    url = urlsplit(live_server.url)
    address = (url.hostname, url.port)
    stop_at = time.monotonic() + SECONDS
    busy = [0]
    neighbour = threading.Thread(target=_keep_asking, args=(address, stop_at, busy))
    neighbour.start()
    polite = 0
    with socket.create_connection(address) as conn, conn.makefile("rb") as stream:
        time.sleep(0.2)  # the busy connection is in full flow first
        while time.monotonic() < stop_at:
            conn.sendall(REQUEST)
            assert b" 200 " in read_response(stream)[0]
            polite += 1
    neighbour.join()
    assert busy[0] > 0
    # Taking turns, the two are answered about equally often (the polite one started 0.2 s late).
    assert polite >= busy[0] / 2, f"answered {polite} polite requests and {busy[0]} from the busy connection"


def _signed_in_opener(live_server, username: str):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(f"{live_server.url}/signin", timeout=30) as response:
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', response.read().decode()).group(1)
    form = {"csrf_token": token, "username": username, "password": live_server.passwords[username]}
    with opener.open(f"{live_server.url}/signin", data=urlencode(form).encode(), timeout=30) as response:
        assert "Sign out" in response.read().decode()
    return opener


@pytest.mark.browser
def test_socketio_long_polling_still_answers_while_a_poll_waits(live_server):
    """The fallback transport: a long-poll waits in the app while the member's next request comes in."""
    opener = _signed_in_opener(live_server, next(iter(live_server.passwords)))
    base = f"{live_server.url}/socket.io/?EIO=4&transport=polling"

    def call(data: bytes | None = None, sid: str = "") -> str:
        with opener.open(f"{base}&sid={sid}" if sid else base, data=data, timeout=30) as response:
            return response.read().decode()

    sid = json.loads(call()[1:])["sid"]
    assert call(b"40", sid) == "OK"
    assert call(sid=sid).startswith("40")  # connected, as a signed-in member
    answers: list[str] = []
    waiting = threading.Thread(target=lambda: answers.append(call(sid=sid)))
    waiting.start()  # this poll waits in the app until there is something to say
    time.sleep(0.5)
    assert call(b'421["watch_thread",{"thread":999999}]', sid) == "OK"
    waiting.join(timeout=30)
    assert answers and answers[0].startswith("431[") and '"ok":false' in answers[0], answers
