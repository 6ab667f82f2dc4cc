"""A support chat opened from an anonymous crisis item shows the listener the anonymous handle the
item showed, never the member's named handle, username or display name; one opened from a named
item shows the named handle, as the item did."""

from __future__ import annotations

import pytest

from community.accounts import service as accounts
from community.identity import moderation_handle
from tests.conftest import text
from tests.moderation.conftest import latest_item, post_thread

CRISIS = "I wrote my goodbye letters. I'm going to end it tonight."


def _open_chat_from_crisis(sam, group, lee, *, anonymous: bool) -> tuple[int, object]:
    post_thread(sam, group, CRISIS, anonymous=anonymous)
    item = latest_item()
    assert lee.post(f"/moderator/items/{item.id}/claim").status_code == 302
    opened = lee.post(f"/moderator/items/{item.id}/support-chat")
    assert opened.status_code == 302
    return int(opened.headers["Location"].rsplit("/", 1)[1]), item


@pytest.mark.parametrize("anonymous", [True, False])
def test_the_chat_names_the_member_as_the_item_did(anonymous, make_group, sign_in, connect):
    group = make_group()
    sam = sign_in("samwise", display_name="Sam Rivers")
    assert sam.post(f"/g/{group.slug}/join").status_code == 302
    member = accounts.find_by_username("samwise")
    named, anon = moderation_handle(member, anonymous=False), moderation_handle(member, anonymous=True)
    shown, hidden = (anon, named) if anonymous else (named, anon)
    lee = sign_in("lee", role="listener")
    listener, author = connect(lee), connect(sam)
    assert listener.emit("go_on_duty", {})["ok"]
    chat_id, item = _open_chat_from_crisis(sam, group, lee, anonymous=anonymous)
    assert item.author_handle == shown

    started = [e["args"][0] for e in listener.received() if e["name"] == "support_started"]
    assert [payload["member"] for payload in started] == [shown]
    assert listener.emit("join_support_chat", {"chat": chat_id})["ok"]
    assert author.emit("join_support_chat", {"chat": chat_id})["ok"]
    listener.received()
    assert author.emit("send_support_message", {"chat": chat_id, "body": "I'm here."})["ok"]
    [message] = [e["args"][0] for e in listener.received() if e["name"] == "support_message_added"]
    assert message["author"] == shown

    page = text(lee.get(f"/support/chats/{chat_id}"))
    assert f"With {shown}" in page
    seen = page + str(started) + str(message)
    assert hidden not in seen
    if anonymous:
        assert "samwise" not in seen and "Sam Rivers" not in seen
