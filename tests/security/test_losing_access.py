"""Losing access ends the live events: a member who leaves a private group, a listener who
loses the role, a member who is blocked hear nothing more from rooms they may no longer read."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest

from community.accounts import service as accounts
from community.accounts.models import Role, utcnow
from community.forum import service as forum
from community.groups import service as groups
from community.qa import service as qa
from tests.conftest import names

CRISIS = "I wrote my goodbye letters. I'm going to end it tonight."


@pytest.fixture
def private_group(make_group, sign_in, connect):
    """A private group with a thread and a live Q&A session; sam and ash are members, dr_o hosts."""
    group = make_group(is_public=False)
    people = {}
    for username, role in (("sam", "member"), ("ash", "member"), ("dr_o", "clinician")):
        browser = sign_in(username, role=role)
        groups.join(accounts.find_by_username(username), group)  # a listener let them in
        people[username] = (browser, connect(browser))
    host = accounts.find_by_username("dr_o")
    thread, _ = forum.start_thread(accounts.find_by_username("ash"), group, "Evenings", "How are yours?")
    session = qa.schedule_session(host, group, title="Sleep", description="", duration_minutes=60,
                                  starts_at=utcnow() + timedelta(minutes=5))  # fmt: skip
    qa.open_session(host, session)
    return group, thread, session, people


def _listen_everywhere(client, group, thread, session) -> None:
    assert client.emit("join_chat", {"group": group.slug})["ok"]
    assert client.emit("watch_thread", {"thread": thread.id})["ok"]
    assert client.emit("join_session", {"session": session.id})["ok"]
    client.received()


def _talk(people, group, thread, session) -> None:
    ash = people["ash"][1]
    assert ash.emit("send_message", {"group": group.slug, "body": "Anyone around tonight?"})["ok"]
    assert ash.emit("ask_question", {"session": session.id, "body": "Does melatonin help?"})["ok"]
    assert people["ash"][0].post(f"/t/{thread.id}/reply", {"body": "Still here."}).status_code == 302


def test_a_member_who_leaves_a_private_group_hears_nothing_more_from_it(private_group):
    group, thread, session, people = private_group
    sam_page, sam = people["sam"]
    _listen_everywhere(sam, group, thread, session)
    _talk(people, group, thread, session)
    heard = names(sam.received())
    assert {"message_added", "reply_added", "question_added"} <= set(heard)  # the room works

    assert sam_page.post(f"/g/{group.slug}/leave").status_code == 302
    _talk(people, group, thread, session)
    heard = names(sam.received())
    assert not {"message_added", "reply_added", "question_added"} & set(heard), heard
    assert sam.is_connected()  # only the rooms went, not the socket


def test_leaving_a_private_group_takes_the_member_out_of_its_chat_presence(private_group):
    group, thread, session, people = private_group
    sam_page, sam = people["sam"]
    ash = people["ash"][1]
    assert sam.emit("join_chat", {"group": group.slug})["ok"]
    assert "sam" in ash.emit("join_chat", {"group": group.slug})["here"]
    sam_page.post(f"/g/{group.slug}/leave")
    assert "sam" not in ash.emit("join_chat", {"group": group.slug})["here"]


def test_leaving_a_public_group_keeps_the_threads_it_may_still_read(make_group, sign_in, connect):
    group = make_group()
    sam_page = sign_in("sam")
    sam_page.post(f"/g/{group.slug}/join")
    thread, _ = forum.start_thread(accounts.find_by_username("sam"), group, "Open to all", "Anyone may read.")
    sam = connect(sam_page)
    assert sam.emit("watch_thread", {"thread": thread.id})["ok"]
    sam_page.post(f"/g/{group.slug}/leave")
    sign_in("kim").post(f"/g/{group.slug}/join")
    forum.add_reply(accounts.find_by_username("kim"), thread, "Hello from kim.")
    assert "reply_added" in names(sam.received())


def test_a_listener_who_loses_the_role_gets_no_more_crisis_alerts(sign_in, connect, make_group):
    lee = connect(sign_in("lee", role="listener"))
    assert lee.emit("go_on_duty", {})["ok"]
    group = make_group()
    author = sign_in("sam")
    author.post(f"/g/{group.slug}/join")
    lee.received()

    accounts.grant_role(accounts.find_by_username("lee"), Role.MEMBER)
    author.post(f"/g/{group.slug}/new", {"title": "Tonight", "body": CRISIS})
    assert "crisis_alert" not in names(lee.received())
    assert lee.emit("claim_item", {"item": 1}) == {"ok": False, "error": "That is for listeners only."}


def test_a_demoted_listener_is_no_longer_counted_on_duty(sign_in, connect):
    from community.extensions import db
    from moderation.models import ListenerDuty

    lee = connect(sign_in("lee", role="listener"))
    assert lee.emit("go_on_duty", {})["ok"]
    accounts.grant_role(accounts.find_by_username("lee"), Role.MEMBER)
    assert db.session.query(ListenerDuty).count() == 0


def test_a_member_may_open_only_so_many_sockets(app, sign_in, connect):
    browser = sign_in("sam")
    cap = app.config["SOCKETS_PER_MEMBER"]
    clients = [connect(browser) for _ in range(cap)]
    assert all(c.is_connected() for c in clients)
    assert not connect(browser).is_connected()
    clients[0].disconnect()
    assert connect(browser).is_connected()  # closing a tab frees its place


@pytest.fixture(params=["memory", "redis", "redis away"])
def registry(request, app):
    from community.live_sockets import MemorySockets, RedisSockets

    if request.param == "memory":
        yield MemorySockets()
        return
    if request.param == "redis away":  # nothing listens on port 1: every call falls back, none fails
        with app.app_context():
            yield RedisSockets("redis://127.0.0.1:1/0")
        return
    url = os.environ.get("KINDRED_TEST_REDIS")
    if not url:
        pytest.skip("KINDRED_TEST_REDIS is not set")
    found = RedisSockets(url)
    yield found
    for sid in ("sid-a", "sid-b", "sid-c"):
        found.remove(sid)


def test_the_socket_registry_shares_sockets_and_rooms_between_processes(registry):
    registry.add(7, "sid-a")
    registry.add(7, "sid-b")
    registry.add(8, "sid-c")
    registry.enter("sid-a", "group:1")
    registry.enter("sid-a", "qa:2")
    registry.exit("sid-a", "qa:2")
    assert sorted(registry.sids_of(7)) == ["sid-a", "sid-b"]
    assert registry.rooms_of("sid-a") == {"group:1"}
    registry.remove("sid-a")
    assert registry.sids_of(7) == ["sid-b"] and registry.rooms_of("sid-a") == set()


def test_a_killed_processs_sockets_stop_counting_once_their_leases_run_out(app, sign_in, connect):
    """Issue 12, sockets: records in Redis are leases that only a living process's heartbeat renews."""
    import time

    from community import heartbeat, live_sockets

    url = os.environ.get("KINDRED_TEST_REDIS")
    if not url:
        pytest.skip("KINDRED_TEST_REDIS is not set")
    app.extensions["kindred_live_sockets"] = live_sockets.RedisSockets(url, lease_seconds=1)
    killed = live_sockets.RedisSockets(url, lease_seconds=1)  # another process, killed: it never beats again
    browser = sign_in("sam")
    sam_id = accounts.find_by_username("sam").id
    cap = app.config["SOCKETS_PER_MEMBER"]
    for n in range(cap - 1):
        killed.add(sam_id, f"killed-{n}")
    killed.enter("killed-0", "group:1")
    alive = connect(browser)
    assert alive.is_connected()
    assert not connect(browser).is_connected()  # the killed process's sockets still count: the cap is full

    ends = time.monotonic() + 1.5
    while time.monotonic() < ends:  # this process beats; the killed one does not
        heartbeat.beat(app)
        time.sleep(0.2)
    registry = live_sockets.store()
    assert registry.sids_of(sam_id) == [alive.sid]  # this process's socket renewed, the others gone
    assert registry.rooms_of("killed-0") == set()
    assert connect(browser).is_connected()
