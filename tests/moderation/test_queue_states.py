"""The queue's state machine: every decision once, claims won by exactly one listener."""

import threading

import pytest

from community.extensions import db
from moderation import actions, queue
from moderation.models import AuditEntry, QueueState
from moderation.status import ContentStatus
from tests.conftest import text
from tests.moderation.conftest import latest_item, latest_post, only_thread, post_thread

CRISIS = "I'm going to kill myself tonight, I have the rope ready."
HELD = "Cold turkey off benzos is totally fine, I did it."


def test_approving_publishes_the_post_and_records_who_and_when(member_in, sign_in, browser):
    sam, group = member_in()
    lee = sign_in("lee", role="listener")
    post_thread(sam, group, HELD)
    item = latest_item()
    response = lee.post(f"/moderator/items/{item.id}/approve", {"edited_text": latest_post().body, "note": "ok"})
    assert response.status_code == 302
    item = latest_item()
    assert item.state is QueueState.APPROVED
    assert item.decided_at is not None and item.decided_by_id == db.session.query(AuditEntry).one().actor_id
    assert latest_post().status is ContentStatus.PUBLISHED
    assert "benzos" in text(browser.get(f"/t/{only_thread().id}"))
    entry = db.session.query(AuditEntry).one()
    assert (entry.action, entry.note) == ("approve", "ok")


def test_a_double_decision_is_refused_with_409_and_changes_nothing(member_in, sign_in):
    sam, group = member_in()
    lee, kai = sign_in("lee", role="listener"), sign_in("kai", role="listener")
    post_thread(sam, group, HELD)
    item = latest_item()
    assert lee.post(f"/moderator/items/{item.id}/approve", {"edited_text": latest_post().body}).status_code == 302
    second = kai.post(f"/moderator/items/{item.id}/reject", {"author_message": "Sorry."})
    assert second.status_code == 409
    assert "already approved" in text(second)
    assert latest_item().state is QueueState.APPROVED and latest_post().status is ContentStatus.PUBLISHED
    assert db.session.query(AuditEntry).count() == 1


def test_rejecting_needs_a_kind_reason_and_the_author_can_revise(member_in, sign_in):
    sam, group = member_in()
    lee = sign_in("lee", role="listener")
    post_thread(sam, group, HELD)
    item, post = latest_item(), latest_post()
    empty = lee.post(f"/moderator/items/{item.id}/reject", {"author_message": "  "})
    assert empty.status_code == 400 and "Please write a kind reason for the author" in text(empty)
    assert latest_item().state is QueueState.PENDING
    lee.post(
        f"/moderator/items/{item.id}/reject",
        {"author_message": "Stopping benzos suddenly can cause seizures; please ask your prescriber about a taper."},
    )
    page = text(sam.get(f"/t/{post.thread_id}"))
    assert "A listener didn't publish this" in page and "taper" in page
    assert "You can edit it and submit it again" in page
    assert post.body in text(sam.get(f"/p/{post.id}/edit"))  # the author's text is kept
    sam.post(f"/p/{post.id}/edit", {"title": "Checking in", "body": "Tapering slowly with my doctor now."})
    assert latest_post().status is ContentStatus.PUBLISHED


def test_a_listener_edit_before_approval_is_shown_to_the_author(member_in, sign_in):
    sam, group = member_in()
    lee = sign_in("lee", role="listener")
    post_thread(sam, group, HELD)
    item = latest_item()
    lee.post(f"/moderator/items/{item.id}/approve", {"edited_text": "Coming off benzos: I'm tapering with my doctor."})
    assert latest_post().body == "Coming off benzos: I'm tapering with my doctor."
    assert latest_item().original_text == HELD


def test_approving_misinformation_can_attach_the_claims_correction_and_source(member_in, sign_in, browser):
    sam, group = member_in()
    lee = sign_in("lee", role="listener")
    post_thread(sam, group, HELD)
    item = latest_item()
    lee.post(f"/moderator/items/{item.id}/approve", {"edited_text": latest_post().body, "attach_context": "y"})
    page = text(browser.get(f"/t/{only_thread().id}"))
    assert "Context from a listener" in page and "seizures" in page
    assert 'Source: <a href="https://' in page  # the claim's credible source, as a link


def test_crisis_items_are_claimed_then_resolved_not_approved(member_in, sign_in):
    sam, group = member_in()
    lee = sign_in("lee", role="listener")
    post_thread(sam, group, CRISIS)
    item = latest_item()
    assert lee.post(f"/moderator/items/{item.id}/approve", {}).status_code == 409
    assert lee.post(f"/moderator/items/{item.id}/resolve", {"note": "x"}).status_code == 409
    assert lee.post(f"/moderator/items/{item.id}/claim").status_code == 302
    item = latest_item()
    assert item.state is QueueState.ESCALATED and item.claimed_at is not None
    no_note = lee.post(f"/moderator/items/{item.id}/resolve", {"note": ""})
    assert no_note.status_code == 400
    assert (
        lee.post(f"/moderator/items/{item.id}/resolve", {"note": "Talked in support chat; safe now."}).status_code
        == 302
    )
    assert latest_item().state is QueueState.RESOLVED
    assert latest_post().status is ContentStatus.HELD  # stays private unless the listener publishes it
    assert "stays private between you and the listeners" in text(sam.get(f"/t/{only_thread().id}"))


def test_only_the_claiming_listener_or_an_admin_resolves(member_in, sign_in):
    sam, group = member_in()
    lee, kai = sign_in("lee", role="listener"), sign_in("kai", role="listener")
    post_thread(sam, group, CRISIS)
    item = latest_item()
    lee.post(f"/moderator/items/{item.id}/claim")
    assert kai.post(f"/moderator/items/{item.id}/resolve", {"note": "mine now"}).status_code == 403
    admin = sign_in("ada", role="admin")
    assert admin.post(f"/moderator/items/{item.id}/resolve", {"note": "covered"}).status_code == 302


def test_two_listeners_claiming_at_once_exactly_one_wins(app, member_in, make_user):
    sam, group = member_in()
    post_thread(sam, group, CRISIS)
    item_id = latest_item().id
    listeners = [make_user(f"listener{n}", role="listener") for n in range(8)]
    ids = [listener.id for listener in listeners]
    results, barrier = [], threading.Barrier(len(ids))

    def claim(user_id):
        with app.app_context():
            from community.accounts.models import User

            user = db.session.get(User, user_id)
            barrier.wait()
            try:
                actions.claim_item(user, queue.get_item(item_id))
                results.append("won")
            except Exception as error:  # noqa: BLE001 - the loser's error is what we check
                results.append(type(error).__name__)

    threads = [threading.Thread(target=claim, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("won") == 1
    assert results.count("Conflict") == len(ids) - 1
    assert db.session.query(AuditEntry).filter_by(action="claim").count() == 1


def test_the_audit_log_cannot_be_edited_or_deleted(member_in, sign_in):
    sam, group = member_in()
    lee = sign_in("lee", role="listener")
    post_thread(sam, group, HELD)
    lee.post(f"/moderator/items/{latest_item().id}/approve", {"edited_text": latest_post().body, "note": "first"})
    entry = db.session.query(AuditEntry).one()
    entry.note = "rewritten"
    with pytest.raises(PermissionError):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(Exception, match="append-only"):
        db.session.execute(db.text("UPDATE audit_log SET note = 'rewritten'"))
    db.session.rollback()
    with pytest.raises(Exception, match="append-only"):
        db.session.execute(db.text("DELETE FROM audit_log"))
    db.session.rollback()
    assert db.session.query(AuditEntry).one().note == "first"
