"""Issue 12 item 9: an author cannot undo a listener's decision by editing.

Removed content stays removed; an edit of held or removed content goes back to
a listener, through the one pipeline, and readers see nothing of it until one approves.
"""

import sqlalchemy as sa

from community.extensions import db
from moderation.models import HoldReason, QueueItem, QueueState
from moderation.status import ContentStatus
from tests.conftest import text
from tests.moderation.conftest import latest_item, latest_post, post_thread

REWRITE = "A gentle rewrite that the screener finds nothing in."


def _open_items_for(post) -> list[QueueItem]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(QueueItem).where(
        QueueItem.content_id == post.id, QueueItem.state == QueueState.PENDING)))  # fmt: skip


def test_an_edit_of_removed_content_waits_for_a_listener_and_readers_never_see_it(member_in, sign_in):
    sam, group = member_in()
    post_thread(sam, group, "Buy cheap followers at my site, best prices!", title="spam")
    post = latest_post()
    kim = sign_in("kim")
    kim.post(f"/g/{group.slug}/join")
    assert kim.post(f"/p/{post.id}/report", {"reason": "spam"}).status_code == 302
    lee = sign_in("lee", role="listener")
    assert lee.post(f"/moderator/items/{latest_item().id}/reject", {"author_message": ""}).status_code == 302

    assert sam.post(f"/p/{post.id}/edit", {"title": "spam", "body": REWRITE}).status_code == 302
    db.session.expire_all()
    assert db.session.get(type(post), post.id).status is not ContentStatus.PUBLISHED
    assert REWRITE not in text(kim.get(f"/t/{post.thread_id}"))
    (item,) = _open_items_for(post)
    assert item.reason is HoldReason.REVISED
    assert f"#{item.id}" in text(lee.get("/moderator"))

    assert lee.post(f"/moderator/items/{item.id}/approve", {"edited_text": REWRITE}).status_code == 302
    assert REWRITE in text(kim.get(f"/t/{post.thread_id}"))


def test_an_edit_of_held_content_stays_held(member_in, sign_in):
    sam, group = member_in()
    post_thread(sam, group, "Cold turkey off benzos is totally fine, I did it.", title="hello")
    post = latest_post()
    assert post.status is ContentStatus.HELD
    kim = sign_in("kim")
    kim.post(f"/g/{group.slug}/join")
    assert sam.post(f"/p/{post.id}/edit", {"title": "hello", "body": REWRITE}).status_code == 302
    db.session.expire_all()
    assert db.session.get(type(post), post.id).status is ContentStatus.HELD
    assert REWRITE not in text(kim.get(f"/t/{post.thread_id}"))
    assert _open_items_for(post)


def test_an_edit_of_held_content_replaces_its_waiting_item_and_keeps_the_old_record(member_in, sign_in, connect):
    sam, group = member_in()
    post_thread(sam, group, "Cold turkey off benzos is totally fine, I did it.", title="hello")
    post = latest_post()
    (old,) = _open_items_for(post)
    lee = sign_in("lee", role="listener")
    listener = connect(lee)
    assert listener.emit("go_on_duty", {})["ok"]
    listener.received()

    assert sam.post(f"/p/{post.id}/edit", {"title": "hello", "body": REWRITE}).status_code == 302
    (new,) = _open_items_for(post)  # one item for the post in the queue, not two
    assert new.id != old.id and new.reason is HoldReason.REVISED
    db.session.refresh(old)
    assert old.state is QueueState.SUPERSEDED and old.decided_at is not None
    assert "misinfo" in old.labels and old.matches  # the decision record is kept
    queue_page = text(lee.get("/moderator"))
    assert f"#{new.id}" in queue_page and f"#{old.id} " not in queue_page
    old_page = text(lee.get(f"/moderator/items/{old.id}"))
    assert "replaced by the author's edit" in old_page and f"item {new.id}" in old_page
    assert "closed: the author edited it" in text(lee.get("/moderator/audit"))
    decided = [e["args"][0] for e in listener.received() if e["name"] == "item_decided"]
    assert {"id": old.id, "state": "superseded"} in decided

    # The old item can no longer be decided; the new one can.
    refused = lee.post(f"/moderator/items/{old.id}/approve", {"edited_text": "x"})
    assert refused.status_code == 409
    assert lee.post(f"/moderator/items/{new.id}/approve", {"edited_text": REWRITE}).status_code == 302
    assert _open_items_for(post) == []


def test_an_edit_of_a_held_crisis_post_keeps_the_crisis_item_open(member_in, sign_in):
    sam, group = member_in()
    post_thread(sam, group, "I wrote my goodbye letters. I'm going to end it tonight.", title="tonight")
    post = latest_post()
    (crisis,) = _open_items_for(post)
    assert crisis.is_crisis
    assert sam.post(f"/p/{post.id}/edit", {"title": "tonight", "body": REWRITE}).status_code == 302
    db.session.refresh(crisis)
    assert crisis.state is QueueState.PENDING  # a listener still checks on the person
