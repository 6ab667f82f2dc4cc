"""Issue 12 item 6 across processes: a member's socket on one server process leaves the rooms it may
no longer read when the access is lost elsewhere (leaving a private group through another process,
losing the listener role through `flask grant-role`), through the real Redis message queue.

Two gunicorn processes (deploy/cluster.py, as `make cluster` starts them, without HAProxy: each
member talks to the process the test chooses), a Redis server and a PostgreSQL database of their own.
"""

from __future__ import annotations

import os
import threading
import time

import pytest

from deploy import cluster as deployment
from tests.cluster.conftest import _env
from tests.cluster.members import Listener, Member
from tests.cluster.seed import seed
from tests.cluster.services import RedisServer, free_port, throwaway_database

pytestmark = pytest.mark.cluster

CRISIS = "I wrote my goodbye letters. I'm going to end it tonight."
QUIET = 3.0  # seconds to wait for an event that must not come


@pytest.fixture(scope="module")
def processes(tmp_path_factory):
    """(cluster of app1 and app2, seeded accounts in one private group, the processes' environment)."""
    admin_url = os.environ.get("KINDRED_TEST_POSTGRES")
    if not admin_url:
        pytest.skip("needs PostgreSQL: set KINDRED_TEST_POSTGRES (make test does)")
    folder = tmp_path_factory.mktemp("two-processes")
    with throwaway_database(admin_url) as (database_url, _name):
        redis = RedisServer(folder)
        redis.start()
        env = _env(folder, database_url.render_as_string(hide_password=False), redis.url)
        cluster = deployment.start(env, port=free_port(), app_ports=[free_port(), free_port()],
                                   log_dir=folder / "logs", wait=False, balancer=False)  # fmt: skip
        try:
            seeded = seed(env, members=2, listeners=1, private=True)
            cluster.wait_healthy()
            yield cluster, seeded, env
        finally:
            cluster.stop()
            redis.stop()


class Heard:
    """Every event of the given names that reached one member's socket."""

    def __init__(self, member: Member, *names: str) -> None:
        self.events: list[tuple[str, dict]] = []
        self._lock = threading.Lock()
        for name in names:
            member.sio.on(name, lambda payload, name=name: self._add(name, payload))

    def _add(self, name: str, payload: dict) -> None:
        with self._lock:
            self.events.append((name, payload))

    def containing(self, word: str, wait: float) -> list[str]:
        """The names of events whose payload mentions ``word``, waiting up to ``wait`` for one."""
        deadline = time.monotonic() + wait
        while True:
            with self._lock:
                found = [name for name, payload in self.events if word in str(payload)]
            if found or time.monotonic() >= deadline:
                return found
            time.sleep(0.05)


class RoomMember(Member):
    """A member whose socket joins only the rooms the test asks for, and waits for each answer."""

    def _on_connect(self) -> None:
        pass


def _member(cluster, seeded, username: str, process: str, kind=Member) -> Member:
    person = kind(cluster.app_url(process), username, seeded["password"], seeded["group"], seeded["thread"])
    person.sign_in()
    return person


def test_leaving_a_private_group_on_one_process_silences_the_members_socket_on_another(processes):
    cluster, seeded, _ = processes
    sam = _member(cluster, seeded, "member0", "app1", kind=RoomMember)  # the socket lives on app1
    heard = Heard(sam, "message_added", "reply_added")
    sam.connect()
    joined = sam.sio.call("join_chat", {"group": seeded["group"]}, timeout=10)
    assert joined["ok"], joined
    assert sam.sio.call("watch_thread", {"thread": seeded["thread"]}, timeout=10)["ok"]
    ash = _member(cluster, seeded, "member1", "app2", kind=RoomMember)  # another member, on app2
    ash.connect()
    try:
        said, replied = ash.send_chat(), ash.post_reply()
        assert said.outcome == replied.outcome == "acked"
        assert heard.containing(said.token, wait=10) == ["message_added"]  # the rooms work across processes
        assert heard.containing(replied.token, wait=10) == ["reply_added"]

        sam_on_app2 = _member(cluster, seeded, "member0", "app2")  # sam's second tab, served by app2
        leave = f"{sam_on_app2.base_url}/g/{seeded['group']}/leave"
        left = sam_on_app2.http.post(leave, data={"csrf_token": sam_on_app2.csrf}, allow_redirects=False, timeout=15)
        assert left.status_code == 302

        said, replied = ash.send_chat(), ash.post_reply()
        assert said.outcome == replied.outcome == "acked"
        assert heard.containing(said.token, wait=QUIET) == []
        assert heard.containing(replied.token, wait=0) == []
        assert sam.sio.connected  # the rooms went, not the socket
    finally:
        for person in (sam, ash):
            person.close()


def test_a_listener_demoted_by_another_process_hears_no_more_crisis_alerts_on_theirs(processes):
    cluster, seeded, env = processes
    lee = _member(cluster, seeded, seeded["listeners"][0], "app1", kind=Listener)  # on duty on app1
    lee.connect()
    poster = _member(cluster, seeded, "member1", "app2")
    try:
        deadline = time.monotonic() + 10
        while not lee.duty_sids and time.monotonic() < deadline:
            time.sleep(0.05)
        assert lee.duty_sids, "the listener never went on duty"
        assert poster.post_thread("Tonight", CRISIS).status_code == 302
        deadline = time.monotonic() + 10
        while not lee.alerts and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(lee.alerts) == 1  # the alert crosses processes

        # A third process (the operator's command) takes the role away.
        deployment.flask(env, "grant-role", seeded["listeners"][0], "member")
        assert poster.post_thread("Still tonight", CRISIS).status_code == 302
        time.sleep(QUIET)
        assert len(lee.alerts) == 1
        assert lee.sio.connected
    finally:
        for person in (lee, poster):
            person.close()
