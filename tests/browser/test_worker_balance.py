"""Several workers hold an even share of the keep-alive connections (community.serving.ConnectionShares).

No browser here: the production server started with two workers (``-w 2``) on the live server's
database, and raw keep-alive connections. Each worker has its own listening socket and the kernel
picks one by a hash of the client's address, so 40 connections fall unevenly (37 against 27 of 64
in bench/pages.py), and each connection on the fuller worker is served less often. A worker above
its share answers its next request with ``Connection: close`` and the client reconnects: the
counts end even, and no request goes unanswered.
"""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from community.serving import ConnectionShares
from tests.browser.conftest import free_port, read_response, start_server, stop_server

CONNECTIONS = 40
REQUEST = b"GET /healthz HTTP/1.1\r\nHost: kindred\r\n\r\n"


def test_a_worker_is_over_its_share_only_when_more_than_one_above_the_least_loaded_other():
    shares = ConnectionShares(4)
    first, second = shares.claim(), shares.claim()
    shares.counts[first], shares.counts[second] = 13, 11
    assert shares.over_share(first) and not shares.over_share(second)
    shares.counts[first] = 12
    assert not shares.over_share(first)
    # A worker that exited counts no more; a new one in its slot starts at none, and is given its share.
    shares.release(second)
    assert not shares.over_share(first)  # alone, nothing to compare with
    assert shares.claim() == second and shares.counts[second] == 0 and shares.over_share(first)


def _worker_connections(server: subprocess.Popen, port: int) -> Counter:
    """Established connections to ``port``, by the worker process that holds each (from /proc)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port and fields[3] == "01":  # local port, ESTABLISHED
            inodes.add(fields[9])
    held = Counter()
    for pid in Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split():
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue  # closed meanwhile
            if target.startswith("socket:[") and target[8:-1] in inodes:
                held[pid] += 1
    return held


class _Client(threading.Thread):
    """One keep-alive connection asking until ``stop`` is set, reconnecting when told to, and then
    until an answer keeps it where it is (a connection just moved asks once more where it landed,
    as a member's browser would); it then stays open, idle, until ``done`` is set."""

    def __init__(self, port: int, stop: threading.Event, done: threading.Event):
        super().__init__(daemon=True)
        self.port, self.stop, self.done = port, stop, done
        self.answered, self.moved, self.failures = 0, 0, []
        self.idle = threading.Event()

    def run(self) -> None:
        conn = socket.create_connection(("127.0.0.1", self.port))
        try:
            closes = True
            while closes or not self.stop.is_set():
                with conn.makefile("rb") as stream:
                    conn.sendall(REQUEST)
                    status, closes = read_response(stream)
                if b" 200 " not in status:
                    self.failures.append(status)
                self.answered += 1
                if closes:
                    self.moved += 1
                    conn.close()
                    conn = socket.create_connection(("127.0.0.1", self.port))
            self.idle.set()
            self.done.wait(30)
        finally:
            conn.close()


@pytest.mark.browser
def test_two_workers_end_with_an_even_share_of_keep_alive_connections(live_server):
    port = free_port()
    env = live_server.env | ({"REDIS_URL": os.environ["KINDRED_TEST_REDIS"]} if "KINDRED_TEST_REDIS" in os.environ
                             else {})  # fmt: skip
    server = start_server(env, port, live_server.instance_path / f"two-workers-{port}.log", "-w", "2")
    stop, done = threading.Event(), threading.Event()
    try:
        clients = [_Client(port, stop, done) for _ in range(CONNECTIONS)]
        for client in clients:
            client.start()
        time.sleep(3)
        stop.set()
        for client in clients:
            assert client.idle.wait(30)
        held = _worker_connections(server, port)
        assert sorted(held.values()) == [CONNECTIONS // 2] * 2, held
        assert [c.failures for c in clients if c.failures] == []  # every request was answered, moved or not
        assert sum(c.moved for c in clients) < sum(c.answered for c in clients) / 20  # moving is rare
    finally:
        done.set()
        stop_server(server)
