"""The fault suite (issue 13): what members were told during a Redis restart, a killed
process and a database cut, against what the database and Redis hold afterwards.

    make test-cluster        (or: .venv/bin/pytest -m cluster)

One run of about a minute and a half serves every test here (tests/cluster/scenario.py).
"""

from __future__ import annotations

import pytest
import requests

from tests.cluster.members import UNAVAILABLE_PAGE, Member
from tests.cluster.scenario import KILLED, FaultRun, fault_run
from tests.cluster.services import free_port
from tests.logged_requests import ASKED, check_logged_without_secrets

pytestmark = pytest.mark.cluster

UNAVAILABLE_ACK = "Kindred is having trouble; your message was not sent"


@pytest.fixture(scope="module")
def run(services) -> FaultRun:
    cluster, redis_server, proxy, database_url, seeded = services
    run = fault_run(cluster, redis_server, proxy, database_url, seeded)
    yield run
    for person in [*run.members, *run.listeners, run.poster]:
        person.close()


def _during(moment: float, window: tuple[float, float], slack: float = 0.0) -> bool:
    return window[0] - slack <= moment <= window[1] + slack


def test_every_acknowledged_write_is_stored_and_no_refused_one_is(run):
    acked = [w for w in run.writes if w.outcome == "acked"]
    refused = [w for w in run.writes if w.outcome == "refused"]
    assert len(acked) > 100, "the load was too small to mean anything"
    assert [w for w in acked if w.token not in run.stored_tokens] == []
    assert [w for w in refused if w.token in run.stored_tokens] == []


def test_no_server_error_outside_the_database_cut_and_only_the_apps_503_page_during_it(run):
    timings = [t for m in run.members for t in m.timings if isinstance(t.status, int) and t.status >= 500]
    # A request the killed process had already taken gets no answer from it; HAProxy says 502
    # and never re-sends a form (it may have been stored). Nothing else may fail.
    in_flight_at_kill = [t for t in timings if t.status == 502 and t.at <= run.killed_at <= t.at + t.seconds]
    # Any request that was still running when the database went, or began while it was away.
    during_cut = [t for t in timings if t.at <= run.cut_window[1] + 1.0 and t.at + t.seconds >= run.cut_window[0]]
    assert [t for t in timings if t not in during_cut and t not in in_flight_at_kill] == []
    assert [t for t in during_cut if not t.unavailable_page] == []
    assert during_cut, "the database cut was not felt: is DATABASE_URL going through the proxy?"
    assert len(in_flight_at_kill) <= 3


def test_during_the_database_cut_socket_events_are_acknowledged_with_an_error(run):
    chat = [w for w in run.writes if w.kind == "chat" and _during(w.started, run.cut_window)]
    assert chat and all(w.outcome != "unknown" for w in chat)
    assert {w.detail for w in chat if w.outcome == "refused"} <= {UNAVAILABLE_ACK}
    assert any(w.detail == UNAVAILABLE_ACK for w in chat)


def test_health_reports_each_dependency(run):
    assert run.health["before"] == [(200, {"ok": True, "database": "ok", "redis": "ok"})]
    assert run.health["redis down"] == [(200, {"ok": True, "database": "ok", "redis": "down"})]
    assert run.health["database cut"] == [(503, {"ok": False, "database": "down", "redis": "ok"})]
    assert run.health["after"] == [(200, {"ok": True, "database": "ok", "redis": "ok"})]


def test_chat_and_sign_in_work_while_redis_is_away(run):
    chat = [w for w in run.writes if w.kind == "chat" and _during(w.started, run.redis_window)]
    assert chat and [w for w in chat if w.outcome != "acked"] == []
    assert run.poster_signed_in


def test_every_chat_message_reaches_every_member_exactly_once(run):
    assert run.published_chat_ids
    for member in run.members:
        assert run.published_chat_ids - member.seen == set(), f"{member.username} never saw these"
        assert [mid for mid, times in member.live.items() if times > 1] == [], f"{member.username} got repeats"


def test_a_crisis_alert_raised_during_the_redis_restart_reaches_the_listener_on_another_process(run):
    assert run.crisis_status == 302
    assert run.crisis_item is not None
    assert run.crisis_item in run.listeners[0].alerts
    assert "listener0" in run.delivered_to


def test_no_ghost_presence_or_duty_once_the_killed_process_lease_ends(run):
    assert run.killed_sids, "the listener on the killed process never went on duty"
    connected = {p.sio.get_sid("/") for p in [*run.members, *run.listeners, run.poster] if p.sio.connected}
    assert {sid for sid, _ in run.duty_rows} <= connected
    assert set(run.killed_sids).isdisjoint(sid for sid, _ in run.duty_rows)
    assert set(run.presence) <= connected
    assert set(run.presence.values()) <= run.live_processes
    assert len(run.presence) == len([m for m in run.members if m.sio.connected])


def test_the_unavailable_page_shows_crisis_resources(services):
    cluster = services[0]
    page = (cluster.log_dir / "errors" / "503.http").read_text()
    assert UNAVAILABLE_PAGE in page and "988" in page and "Crisis Text Line" in page


def test_a_process_that_cannot_reach_redis_at_start_starts_warns_and_degrades(services, run):
    cluster, _redis, _proxy, _database_url, seeded = services
    cluster.start_app(KILLED, REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    cluster.wait_healthy(only=[KILLED])
    url = cluster.app_url(KILLED)
    assert requests.get(f"{url}/healthz", timeout=5).json() == {"ok": True, "database": "ok", "redis": "down"}
    member = Member(base_url=url, username=seeded["members"][1], password=seeded["password"],
                    group=seeded["group"], thread_id=seeded["thread"])  # fmt: skip
    member.sign_in()
    member.connect()
    try:
        assert member.send_chat().outcome == "acked"
        assert member.post_reply().outcome == "acked"
    finally:
        member.close()
    assert "Message queue unreachable" in (cluster.log_dir / f"{KILLED}.log").read_text()


def test_the_balancers_log_keeps_no_search_words_and_no_token_from_a_path(services):
    """HAProxy logs every request; its log outlives a member's search and any invitation or reset."""
    cluster = services[0]
    for path in ASKED:
        requests.get(cluster.url + path, timeout=5, allow_redirects=False)
    check_logged_without_secrets((cluster.log_dir / "haproxy.log").read_text)
