"""An author hears what a listener decided about their held post: approved, or a change asked in kind words."""

from __future__ import annotations

from tests.conftest import text
from tests.moderation.conftest import latest_item, post_thread


def _held_post(member_in):
    browser, group = member_in("newcomer", trusted=False)
    assert post_thread(browser, group, "Hello everyone, first time here.", title="Hi").status_code == 302
    return browser, latest_item()


def test_an_approved_post_is_a_notice_to_its_author(member_in, sign_in, connect):
    author, item = _held_post(member_in)
    author_live = connect(author)
    lee = sign_in("lee", role="listener")
    assert (
        lee.post(f"/moderator/items/{item.id}/approve", {"edited_text": "Hello everyone, first time here."}).status_code
        == 302
    )
    [notice] = author_live.events("notification_added")
    assert notice["kind"] == "post_approved"
    assert notice["text"] == "A listener approved your post in “Hi”. Everyone in the group can see it now."
    assert "approved your post" in text(author.get("/notifications"))


def test_a_declined_post_tells_its_author_the_kind_words(member_in, sign_in, connect):
    author, item = _held_post(member_in)
    author_live = connect(author)
    lee = sign_in("lee", role="listener")
    words = "Welcome! Could you say a little about what brings you here, so others can reply?"
    assert lee.post(f"/moderator/items/{item.id}/reject", {"author_message": words}).status_code == 302
    [notice] = author_live.events("notification_added")
    assert notice["kind"] == "post_needs_change"
    assert notice["text"] == f"A listener asked for a change to your post in “Hi”: {words}"
    assert words in text(author.get("/notifications"))


def test_a_failed_decision_tells_nobody(member_in, sign_in, connect):
    author, item = _held_post(member_in)
    author_live = connect(author)
    lee = sign_in("lee", role="listener")
    assert lee.post(f"/moderator/items/{item.id}/reject", {"author_message": ""}).status_code == 400
    assert author_live.events("notification_added") == []
    assert (
        lee.post(f"/moderator/items/{item.id}/approve", {"edited_text": "Hello everyone, first time here."}).status_code
        == 302
    )
    assert (
        lee.post(f"/moderator/items/{item.id}/approve", {"edited_text": "Hello everyone, first time here."}).status_code
        == 409
    )
    assert [n["kind"] for n in author_live.events("notification_added")] == ["post_approved"]
