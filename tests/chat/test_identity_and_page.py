"""Choosing how to appear before joining a room, switching without pairing identities,
blocking by alias, and the chat page without JavaScript (issue 14 item 8, issue 12 items 1-2)."""

from __future__ import annotations

import json
import re
import time

import pytest

from community.accounts.service import find_by_username
from community.chat.models import ChatMessage
from community.extensions import db
from moderation.status import ContentStatus
from tests.chat.conftest import names
from tests.conftest import text


def _choose(browser, group, appear: str):
    response = browser.post(f"/g/{group.slug}/chat/identity", {"appear": appear})
    assert response.status_code == 302, text(response)


def _here(events: list[dict]) -> list[list[str]]:
    return [e["args"][0]["here"] for e in events if e["name"] == "presence_changed"]


def test_the_chat_page_asks_how_to_appear_before_the_room_sees_you(sign_in, room):
    sam = sign_in("sam", display_name="Samantha Q")
    group = room("sam")
    page = text(sam.get(f"/g/{group.slug}/chat"))
    assert "Before you join the live chat" in page and "Stay anonymous" in page
    assert 'id="chat-form"' not in page  # no room, no socket, until a choice is made
    _choose(sam, group, "anonymous")
    page = text(sam.get(f"/g/{group.slug}/chat"))
    assert "You appear here anonymously" in page and 'id="chat-form"' in page


def test_a_member_who_chose_an_alias_never_appears_by_name(sign_in, connect, room):
    sam_browser = sign_in("sam", display_name="Samantha Q")
    sam, ash = connect(sam_browser), connect(sign_in("ash"))
    group = room("sam", "ash")
    ash.emit("join_chat", {"group": group.slug})
    ash.received()
    _choose(sam_browser, group, "anonymous")
    ack = sam.emit("join_chat", {"group": group.slug})  # the page never says: the server remembers
    assert ack["ok"] and ack["you"].startswith("Anonymous ")
    sent = sam.emit("send_message", {"group": group.slug, "body": "rough week"})
    assert sent["message"]["author"]["name"] == ack["you"]
    events = ash.received() + [{"name": "presence_changed", "args": [e]} for e in ash.wait_for("presence_changed")]
    assert any(ack["you"] in here for here in _here(events))
    assert "samantha" not in json.dumps(events).casefold() and '"sam"' not in json.dumps(events)


def test_a_message_in_the_other_identity_than_chosen_is_refused(sign_in, connect, room):
    sam_browser = sign_in("sam")
    sam = connect(sam_browser)
    group = room("sam")
    _choose(sam_browser, group, "name")
    ack = sam.emit("send_message", {"group": group.slug, "body": "hi", "anonymous": True})
    assert ack == {"ok": False, "error": "You're in this room by name. Change how you appear first."}
    assert ChatMessage.query.count() == 0


@pytest.fixture
def quick_switch(app, monkeypatch):
    """The wait before a switched identity shows as here, shortened for a test (20-90 s in production)."""
    monkeypatch.setitem(app.config, "CHAT_SWITCH_DELAY", (0.6, 0.6))


def test_switching_gives_a_new_alias_and_no_presence_update_pairs_the_two(sign_in, connect, room, quick_switch):
    sam_browser = sign_in("sam", display_name="Samantha Q")
    ash = connect(sign_in("ash"))
    group = room("sam", "ash")
    ash.emit("join_chat", {"group": group.slug})
    _choose(sam_browser, group, "anonymous")
    sam = connect(sam_browser)
    first = sam.emit("join_chat", {"group": group.slug})["you"]
    old = sam.emit("send_message", {"group": group.slug, "body": "as an alias"})["message"]["id"]
    ash.wait_for("presence_changed")
    time.sleep(0.7)
    ash.received()
    for appear in ("name", "anonymous"):
        _choose(sam_browser, group, appear)
        assert "identity_changed" in names(sam.received())  # open tabs reload as the new identity
        sam.disconnect()
        sam = connect(sam_browser)
        ack = sam.emit("join_chat", {"group": group.slug})
        assert ack["you"] not in ack["here"]  # not yet: the room saw the old identity leave just now
        time.sleep(1.0)
        assert ack["you"] in sam.emit("join_chat", {"group": group.slug})["here"]
        sam.disconnect()
        sam = connect(sam_browser)
        time.sleep(0.8)
    second = ack["you"]
    assert second.startswith("Anonymous ") and second != first
    heard = _here(ash.received())
    for update in heard:  # never the old and the new identity side by side, nor one for the other at once
        assert not ({first, "Samantha Q"} <= set(update) or {"Samantha Q", second} <= set(update))
    history = ash.emit("join_chat", {"group": group.slug})["messages"]
    assert [m["author"]["name"] for m in history if m["id"] == old] == [first]  # earlier messages keep theirs


def test_blocking_an_alias_hides_that_alias_here_and_not_the_members_named_messages(sign_in, connect, room):
    sam_browser, ash_browser = sign_in("sam"), sign_in("ash")
    sam, ash = connect(sam_browser), connect(ash_browser)
    group, other = room("sam", "ash"), room("sam", "ash")
    _choose(sam_browser, group, "anonymous")
    _choose(sam_browser, other, "name")
    for client in (sam, ash):
        client.emit("join_chat", {"group": group.slug})
        client.emit("join_chat", {"group": other.slug})
    anonymous = sam.emit("send_message", {"group": group.slug, "body": "alias here"})["message"]
    named = sam.emit("send_message", {"group": other.slug, "body": "named there"})["message"]
    page = text(ash_browser.get(f"/chat/m/{anonymous['id']}/block"))
    assert f"Block {anonymous['author']['name']}?" in page and "sam" not in page.replace("same", "")
    assert ash_browser.post(f"/chat/m/{anonymous['id']}/block").status_code == 302
    ash.received()
    sam.emit("send_message", {"group": group.slug, "body": "still the alias"})
    sam.emit("send_message", {"group": other.slug, "body": "still named"})
    live = [e["args"][0]["text"] for e in ash.received() if e["name"] == "message_added"]
    assert live == ["still named"]
    assert [m["id"] for m in ash.emit("join_chat", {"group": other.slug})["messages"]][0] == named["id"]
    assert ash.emit("join_chat", {"group": group.slug})["messages"] == []


def test_without_javascript_a_message_is_sent_by_post_and_never_put_in_a_url(sign_in, room):
    sam, ash = sign_in("sam"), sign_in("ash")
    group = room("sam", "ash")
    _choose(sam, group, "name")
    page = text(sam.get(f"/g/{group.slug}/chat"))
    form = re.search(r'<form id="chat-form"[^>]*>', page).group(0)
    assert 'method="post"' in form and f'action="/g/{group.slug}/chat/messages"' in form
    response = sam.post(f"/g/{group.slug}/chat/messages", {"body": "Evening, all"})
    assert response.status_code == 302 and "Evening" not in response.headers["Location"]
    _choose(ash, group, "name")
    assert "Evening, all" in text(ash.get(f"/g/{group.slug}/chat"))
    assert sam.post(f"/g/{group.slug}/chat/messages", {"body": " "}).status_code == 400


def test_a_crisis_message_sent_without_javascript_goes_to_the_crisis_page(sign_in, room):
    sam = sign_in("sam")
    group = room("sam")
    _choose(sam, group, "name")
    response = sam.post(f"/g/{group.slug}/chat/messages", {"body": "I'm going to end it tonight, I have the pills."})
    assert response.status_code == 302 and "/crisis" in response.headers["Location"]


def test_older_messages_are_offered_only_when_there_are_more(sign_in, room):
    sam_browser = sign_in("sam")
    group = room("sam")
    _choose(sam_browser, group, "name")
    page = text(sam_browser.get(f"/g/{group.slug}/chat"))
    assert re.search(r'id="chat-older-box"\s+hidden', page)
    author = find_by_username("sam").id
    db.session.add_all(ChatMessage(group_id=group.id, author_id=author, body=f"m{n}", shown=f"m{n}",
                                   status=ContentStatus.PUBLISHED) for n in range(55))  # fmt: skip
    db.session.commit()
    page = text(sam_browser.get(f"/g/{group.slug}/chat"))
    assert not re.search(r'id="chat-older-box"\s+hidden', page)
    older = re.search(r'href="(/g/[^"]+\?before=\d+)"', page).group(1)
    earlier = text(sam_browser.get(older))
    assert ">m0<" in earlier and ">m4<" in earlier and ">m5<" not in earlier
    assert re.search(r'id="chat-older-box"\s+hidden', earlier)
    assert sam_browser.get(f"/g/{group.slug}/chat?before=99999999999999999999").status_code == 404


def test_own_messages_have_no_menu_and_others_have_report_and_block(sign_in, connect, room):
    sam_browser, ash_browser = sign_in("sam"), sign_in("ash")
    group = room("sam", "ash")
    _choose(sam_browser, group, "name")
    _choose(ash_browser, group, "name")
    sam_browser.post(f"/g/{group.slug}/chat/messages", {"body": "mine"})
    ash_browser.post(f"/g/{group.slug}/chat/messages", {"body": "theirs"})
    page = text(sam_browser.get(f"/g/{group.slug}/chat"))
    own, other = page.split('id="message-')[1:3]
    assert "chat-own" in page and "(you)" in own and "chat-menu" not in own
    assert "Report" in other and "Block" in other
    report = sam_browser.post(re.search(r'href="(/chat/m/\d+/report)"', other).group(1), {"reason": "spam"})
    assert report.status_code == 302
