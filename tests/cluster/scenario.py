"""The fault run: members posting and chatting through HAProxy for about a minute while
Redis restarts, an app process is killed with -9 and PostgreSQL is cut off for 5 s.

Returns what happened (``FaultRun``) for the tests in test_faults.py to judge, and
writes the counts the closing note of issue 13 asks for to test-artifacts/.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis
import requests
import sqlalchemy as sa

from tests.cluster.members import Listener, Member

LOAD_SECONDS = 60
PACE_SECONDS = 1.5
REDIS_DOWN_AT, REDIS_DOWN_FOR = 8, 4
KILL_AT, KILLED = 22, "app3"
CUT_AT, CUT_FOR = 36, 5
SETTLE_SECONDS = 5  # the last reconnects and catch-ups (the killed process's 6 s leases ran out long ago)
CRISIS_TEXT = "I can't do this anymore. I have the pills saved up and I'm going to take them all tonight."
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@dataclass
class FaultRun:
    members: list[Member]
    listeners: list[Listener]
    poster: Member
    started: float = 0.0
    redis_window: tuple[float, float] = (0.0, 0.0)
    killed_at: float = 0.0
    killed_sids: list[str] = field(default_factory=list)
    cut_window: tuple[float, float] = (0.0, 0.0)
    health: dict[str, list] = field(default_factory=dict)
    crisis_status: int | str = ""
    poster_signed_in: bool = False
    # From the database and Redis afterwards:
    stored_tokens: set[str] = field(default_factory=set)
    published_chat_ids: set[int] = field(default_factory=set)
    crisis_item: int | None = None
    delivered_to: set[str] = field(default_factory=set)
    duty_rows: list[tuple[str, bool]] = field(default_factory=list)  # (sid, lease still running)
    presence: dict[str, str] = field(default_factory=dict)  # sid -> process id, for the chat room
    live_processes: set[str] = field(default_factory=set)

    @property
    def writes(self):
        return [w for m in self.members for w in m.writes]

    def at(self, moment: float) -> float:
        return moment - self.started


def _sleep_until(moment: float) -> None:
    time.sleep(max(0.0, moment - time.monotonic()))


def _health(url: str) -> tuple[int, dict | str]:
    try:
        response = requests.get(f"{url}/healthz", timeout=5)
        return response.status_code, response.json()
    except (requests.RequestException, ValueError) as error:
        return 0, type(error).__name__


def _people(url: str, seeded: dict) -> tuple[list[Member], list[Listener], Member]:
    common = {"base_url": url, "password": seeded["password"], "group": seeded["group"], "thread_id": seeded["thread"]}
    poster, *members = [Member(username=name, server="app1" if name == "member0" else None, **common)
                        for name in seeded["members"]]  # fmt: skip
    # One listener on a process that survives, one on the process that will be killed.
    listeners = [Listener(username=name, server=server, **common)
                 for name, server in zip(seeded["listeners"], ["app2", KILLED], strict=True)]  # fmt: skip
    for person in [*members, *listeners]:  # the poster signs in while Redis is away
        person.sign_in()
        person.connect()
    return members, listeners, poster


def _faults(run: FaultRun, cluster, redis_server, proxy) -> None:
    start = run.started
    _sleep_until(start + REDIS_DOWN_AT)
    redis_server.stop()
    down = time.monotonic()
    time.sleep(1)
    run.health["redis down"] = [_health(cluster.url)]
    try:  # sign-in is rate-limited: per process while Redis is away, never a 500
        run.poster.sign_in()
        run.poster_signed_in = True
    except AssertionError:
        run.poster_signed_in = False
    response = run.poster.post_thread("Tonight", CRISIS_TEXT)  # on app1; the on-duty listener is on app2
    run.crisis_status = response.status_code if response is not None else "no answer"
    _sleep_until(down + REDIS_DOWN_FOR)
    redis_server.start()
    run.redis_window = (down, time.monotonic())

    _sleep_until(start + KILL_AT)
    run.killed_sids = list(run.listeners[1].duty_sids)
    run.killed_at = time.monotonic()
    cluster.kill_app(KILLED)

    _sleep_until(start + CUT_AT)
    probe = threading.Thread(target=lambda: run.health.setdefault("database cut", []).append(
        (time.sleep(1.5), _health(cluster.url))[1]))  # fmt: skip
    probe.start()
    run.cut_window = proxy.cut(CUT_FOR)
    probe.join()


def _observe(run: FaultRun, database_url, redis_url: str, seeded: dict) -> None:
    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        bodies = conn.execute(sa.text("SELECT body FROM posts UNION ALL SELECT body FROM chat_messages")).scalars()
        run.stored_tokens = {word for body in bodies for word in body.split() if "-" in word}
        run.published_chat_ids = set(conn.execute(sa.text(
            "SELECT id FROM chat_messages WHERE status = 'published' AND id > :baseline"), {"baseline": run.baseline}
        ).scalars())  # fmt: skip
        run.crisis_item = conn.execute(sa.text(
            "SELECT q.id FROM queue_items q JOIN users u ON u.id = q.author_id "
            "WHERE q.is_crisis AND u.username = 'member0' ORDER BY q.id DESC LIMIT 1")).scalar()  # fmt: skip
        run.delivered_to = set(conn.execute(sa.text(
            "SELECT u.username FROM alert_deliveries d JOIN users u ON u.id = d.listener_id WHERE d.item_id = :item"),
            {"item": run.crisis_item}).scalars())  # fmt: skip
        run.duty_rows = [(sid, running) for sid, running in conn.execute(sa.text(
            "SELECT sid, expires_at > (now() AT TIME ZONE 'utc') FROM listener_duty"))]  # fmt: skip
        group_id = conn.execute(sa.text("SELECT id FROM groups WHERE slug = :slug"), {"slug": seeded["group"]}).scalar()
    engine.dispose()
    client = redis.Redis.from_url(redis_url)
    entries = client.hgetall(f"kindred:presence:group:{group_id}")
    run.presence = {sid.decode(): json.loads(value)[2] for sid, value in entries.items()}
    run.live_processes = {key.decode().rsplit(":", 1)[1] for key in client.scan_iter("kindred:process:*")}
    client.close()


def fault_run(cluster, redis_server, proxy, database_url, seeded: dict) -> FaultRun:
    members, listeners, poster = _people(cluster.url, seeded)
    run = FaultRun(members, listeners, poster)
    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        run.baseline = conn.execute(sa.text("SELECT coalesce(max(id), 0) FROM chat_messages")).scalar()
    engine.dispose()
    run.health["before"] = [_health(cluster.url)]
    run.started = time.monotonic()
    until = run.started + LOAD_SECONDS
    load = [threading.Thread(target=m.run, args=(until, PACE_SECONDS)) for m in members]
    for thread in load:
        thread.start()
    try:
        _faults(run, cluster, redis_server, proxy)
    finally:
        for thread in load:
            thread.join()
    time.sleep(SETTLE_SECONDS)
    run.health["after"] = [_health(cluster.url)]
    _observe(run, database_url, redis_server.url, seeded)
    _write_summary(run)
    return run


def summary(run: FaultRun) -> dict:
    """The counts for the closing note: per write kind, and per fault window."""

    def window(start: float, end: float) -> dict:
        inside = [w for w in run.writes if start <= w.started <= end]
        return {"writes": len(inside), "acknowledged": sum(w.outcome == "acked" for w in inside),
                "stored": sum(w.token in run.stored_tokens for w in inside),
                "refused": sum(w.outcome == "refused" for w in inside),
                "no answer": sum(w.outcome == "unknown" for w in inside),
                "5xx": sum((w.status or 0) >= 500 for w in inside)}  # fmt: skip

    everything = (run.started, run.started + LOAD_SECONDS + 30)
    missed_live = [len(run.published_chat_ids - set(m.live)) for m in run.members]
    return {
        "all": window(*everything),
        "redis restart": window(*run.redis_window),
        "kill -9 (+10 s)": window(run.killed_at, run.killed_at + 10),
        "database cut": window(*run.cut_window),
        "chat messages published": len(run.published_chat_ids),
        "missed live, then caught up (per member, max)": max(missed_live),
        "catch_up signals received (sum)": sum(m.catch_ups for m in run.members),
        "reconnects (sum)": sum(m.reconnects for m in run.members),
        "crisis alert delivered to": sorted(run.delivered_to),
        "health": {k: [list(h) for h in v] for k, v in run.health.items()},
        "reads": {"count": sum(1 for m in run.members for t in m.timings if t.route.startswith("GET")),
                  "5xx": sum(1 for m in run.members for t in m.timings
                             if t.route.startswith("GET") and isinstance(t.status, int) and t.status >= 500)},
    }  # fmt: skip


def _write_summary(run: FaultRun) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    text = json.dumps(summary(run), indent=2)
    (ARTIFACTS / "cluster-faults.json").write_text(text)
    print("\nFault run:", text)
