"""Listener duty as a lease, and crisis alerts kept until someone claims them (issues 11 and 13)."""

import threading
import time

import pytest
import sqlalchemy as sa

from community import heartbeat
from community.accounts import service as accounts
from community.accounts.models import Role
from community.extensions import db
from moderation.models import AlertDelivery, AuditEntry
from moderation.queue import listeners_on_duty
from tests.conftest import names, text
from tests.moderation.conftest import latest_item, post_thread

CRISIS = "I wrote my goodbye letters. I'm going to end it tonight."
ALREADY_CLAIMED = "This item was already claimed. Please reload the queue."


@pytest.fixture
def short_lease(set_config):
    set_config(LISTENER_DUTY_LEASE_SECONDS=1)
    return 1


def test_a_listener_whose_lease_runs_out_is_off_duty_and_a_crisis_post_says_so(connect, member_in, sign_in,
                                                                               short_lease):  # fmt: skip
    sam, group = member_in()
    lee = connect(sign_in("lee", role="listener"))
    assert lee.emit("go_on_duty", {})["ok"] and listeners_on_duty() == 1
    time.sleep(short_lease + 0.2)  # nobody renewed it: the process holding the socket died, say
    assert listeners_on_duty() == 0
    response = post_thread(sam, group, CRISIS)
    assert response.headers["Location"] == "/crisis"
    assert "No listener is online at this moment" in text(sam.get("/crisis"))


def test_the_heartbeat_keeps_a_connected_listener_on_duty_and_sweeps_expired_rows(app, connect, sign_in,
                                                                                  short_lease):  # fmt: skip
    lee = connect(sign_in("lee", role="listener"))
    kai = connect(sign_in("kai", role="listener"))
    lee.emit("go_on_duty", {})
    kai.emit("go_on_duty", {})
    kai.disconnect()  # its row is removed by the disconnect handler
    for _ in range(3):
        time.sleep(0.5)
        heartbeat.beat(app)  # what community.wsgi runs every third of the lease
    assert listeners_on_duty() == 1


def test_a_listener_who_loses_the_role_is_off_duty_and_hears_no_more_alerts(connect, member_in, sign_in):
    sam, group = member_in()
    lee = connect(sign_in("lee", role="listener"))
    lee.emit("go_on_duty", {})
    lee.received()
    accounts.grant_role(accounts.find_by_username("lee"), Role.MEMBER)
    assert listeners_on_duty() == 0
    assert post_thread(sam, group, CRISIS).headers["Location"] == "/crisis"
    assert "No listener is online at this moment" in text(sam.get("/crisis"))
    assert "crisis_alert" not in names(lee.received())


def test_an_unclaimed_alert_reaches_a_listener_who_goes_on_duty_later_and_their_screen_says_so(
    connect, member_in, sign_in
):
    sam, group = member_in()
    post_thread(sam, group, CRISIS)  # nobody is on duty
    item = latest_item()
    lee = connect(sign_in("lee", role="listener"))
    lee.emit("go_on_duty", {})
    assert [alert["id"] for alert in lee.events("crisis_alert")] == [item.id]
    assert lee.emit("alert_seen", {"item": item.id}) == {"ok": True}
    assert lee.emit("alert_seen", {"item": item.id}) == {"ok": True}  # a second tab: one row
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AlertDelivery)) == 1


def test_a_claimed_alert_is_not_sent_again(connect, member_in, sign_in):
    sam, group = member_in()
    post_thread(sam, group, CRISIS)
    item = latest_item()
    lee = connect(sign_in("lee", role="listener"))
    lee.emit("go_on_duty", {})
    assert lee.emit("claim_item", {"item": item.id})["ok"]
    kai = connect(sign_in("kai", role="listener"))
    kai.emit("go_on_duty", {})
    assert kai.events("crisis_alert") == []


def test_alert_seen_needs_a_listener_and_a_real_crisis_item(connect, member_in, sign_in):
    sam, group = member_in()
    post_thread(sam, group, "Had a good walk today, feeling calmer.")
    calm_item = latest_item()
    lee = connect(sign_in("lee", role="listener"))
    for bad in ({"item": calm_item.id}, {"item": "1"}, {"item": 999999}, {}):
        assert lee.emit("alert_seen", bad) == {"ok": False, "error": "We couldn't find that alert."}
    member = connect(sign_in("morgan"))
    assert member.emit("alert_seen", {"item": calm_item.id}) == {"ok": False, "error": "That is for listeners only."}


def test_a_listener_whose_lease_ran_out_racing_another_to_claim_gets_one_winner_and_a_clear_409(
    app, connect, member_in, sign_in, short_lease
):
    sam, group = member_in()
    author = connect(sam)
    lee_browser, kim_browser = sign_in("lee", role="listener"), sign_in("kim", role="listener")
    lee = connect(lee_browser)
    lee.emit("go_on_duty", {})
    post_thread(sam, group, CRISIS)
    item = latest_item()
    [alert] = lee.events("crisis_alert")
    time.sleep(short_lease + 0.2)  # lee's process stopped renewing: her lease has run out
    assert listeners_on_duty() == 0
    author.received()
    barrier, results = threading.Barrier(3), {}

    def lee_claims_from_the_stale_alert():
        barrier.wait()
        results["lee"] = lee.emit("claim_item", {"item": alert["id"]})

    def kim_claims_from_the_queue():
        barrier.wait()
        response = kim_browser.post(f"/moderator/items/{item.id}/claim")
        results["kim"] = (response.status_code, text(response))

    def the_heartbeat_sweeps():
        barrier.wait()
        heartbeat.beat(app)

    threads = [threading.Thread(target=run) for run in (lee_claims_from_the_stale_alert, kim_claims_from_the_queue,
                                                        the_heartbeat_sweeps)]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lee_won, kim_won = results["lee"]["ok"], results["kim"][0] == 302
    assert lee_won != kim_won, results  # exactly one winner
    if lee_won:
        assert results["kim"][0] == 409 and ALREADY_CLAIMED in results["kim"][1]
    else:
        assert results["lee"] == {"ok": False, "error": ALREADY_CLAIMED}
    claimed = latest_item()
    assert claimed.claimed_by.username == ("lee" if lee_won else "kim")
    claims = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(AuditEntry.action == "claim"))
    assert claims == 1
    assert [e["state"] for e in author.events("crisis_resources")] == ["seen"]  # told once, by the winner
