"""Issue 12 item 11: when an author deletes content, its queue item keeps the decision
record (state, labels, rules, who decided, the audit trail) but not the text or the
screener's excerpts of it."""

from community.extensions import db
from moderation.models import AuditEntry, QueueState
from tests.conftest import text
from tests.moderation.conftest import latest_item, latest_post, post_thread

MISINFO = "Cold turkey off benzos is totally fine, I did it."


def test_deleting_a_post_erases_its_words_from_the_queue_item_and_keeps_the_decision(member_in, sign_in):
    sam, group = member_in()
    post_thread(sam, group, MISINFO, title="benzos")
    post, item = latest_post(), latest_item()
    assert any(m["excerpt"] for m in item.matches)
    lee = sign_in("lee", role="listener")
    edit = {"edited_text": "A listener's gentler wording.", "note": "softened"}
    assert lee.post(f"/moderator/items/{item.id}/approve", edit).status_code == 302
    assert "Cold turkey" in text(lee.get(f"/moderator/items/{item.id}"))  # before: the author's words are there

    assert sam.post(f"/p/{post.id}/delete").status_code == 302
    item = latest_item()
    assert item.state is QueueState.APPROVED and "misinformation" in item.label_list
    assert item.decided_by_id is not None and item.matches and all(m["rule"] for m in item.matches)
    assert item.original_text is None and not any(m.get("excerpt") for m in item.matches)
    assert "Cold turkey" not in str(item.matches) and item.reasons == []
    page = text(lee.get(f"/moderator/items/{item.id}"))
    assert "Cold turkey" not in page and "benzos is totally fine" not in page
    assert "deleted by its author" in page
    notes = [e.note for e in db.session.query(AuditEntry).filter_by(item_id=item.id)]
    assert notes == ["softened"]
