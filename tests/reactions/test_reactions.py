"""Support reactions: one per member per post, counts without names, live, rate-limited (issue 14 item 6)."""

from __future__ import annotations

import json
import re

from community.accounts.service import find_by_username
from community.forum import service as forum
from community.reactions.models import Reaction
from tests.conftest import text


def _thread(make_group, member_of, author: str, *, anonymous: bool):
    group = make_group()
    for name in (author, "sam", "ash"):
        if (user := find_by_username(name)) is not None:
            member_of(user, group)
    thread, _ = forum.start_thread(find_by_username(author), group, "Hard week", "It was a lot.", anonymous=anonymous)
    return thread, thread.posts[0].id


def _counts(page: str) -> list[str]:
    return re.findall(r'class="reaction-count">(\d+)<', page)


def test_a_reaction_counts_once_per_member_and_can_change_or_be_taken_back(sign_in, make_group, member_of):
    quinn, sam = sign_in("quinn"), sign_in("sam")
    thread, post = _thread(make_group, member_of, "quinn", anonymous=False)
    for kind in ("hear", "hear", "same"):  # the same kind twice takes it back
        assert sam.post(f"/p/{post}/react", {"kind": kind}).status_code == 302
    assert [(r.user_id, r.kind) for r in Reaction.query.all()] == [(find_by_username("sam").id, "same")]
    page = text(sam.get(f"/t/{thread.id}"))
    assert _counts(page) == ["0", "1", "0"] and 'value="same" class="reaction" aria-pressed="true"' in page
    assert _counts(text(quinn.get(f"/t/{thread.id}"))) == ["0", "1", "0"]


def test_reactions_on_an_anonymous_post_show_counts_and_never_a_name(sign_in, make_group, member_of, connect):
    sign_in("quinn", display_name="Quinn Whitlock")
    sam_browser = sign_in("sam", display_name="Samantha Q")
    ash_browser = sign_in("ash")
    ash = connect(ash_browser)
    thread, post = _thread(make_group, member_of, "quinn", anonymous=True)
    assert ash.emit("watch_thread", {"thread": thread.id})["ok"]
    ack = connect(sam_browser).emit("react", {"post": post, "kind": "strength"})
    assert ack == {"ok": True, "mine": "strength", "counts": {"hear": 0, "same": 0, "strength": 1}}
    heard = ash.events("reactions_changed")
    assert heard == [{"post": post, "thread": thread.id, "counts": {"hear": 0, "same": 0, "strength": 1}}]
    page = text(ash_browser.get(f"/t/{thread.id}"))
    assert _counts(page) == ["0", "0", "1"]
    for seen in (json.dumps(heard), page):
        assert "quinn" not in seen.casefold() and "samantha" not in seen.casefold()


def test_an_author_cannot_react_to_their_own_post_and_bad_kinds_are_refused(sign_in, make_group, member_of, connect):
    quinn = sign_in("quinn")
    thread, post = _thread(make_group, member_of, "quinn", anonymous=True)
    live = connect(quinn)
    assert live.emit("react", {"post": post, "kind": "hear"}) == {
        "ok": False, "error": "Reactions are for other people's posts."}  # fmt: skip
    sam = connect(sign_in("sam"))
    for bad in ({"post": 2**64, "kind": "hear"}, {"post": "1", "kind": "hear"}):
        assert sam.emit("react", bad)["ok"] is False
    for kind in ("love", [], {"a": 1}):  # a list or dict once failed unacknowledged (not hashable)
        assert sam.emit("react", {"post": post, "kind": kind}) == {
            "ok": False, "error": "Choose one of: I hear you, Me too, Sending strength."}  # fmt: skip
    assert Reaction.query.count() == 0
    assert 'action="/p/' + str(post) + '/react"' not in text(quinn.get(f"/t/{thread.id}"))  # counts only, no buttons


def test_reacting_is_rate_limited_with_a_clear_message(sign_in, make_group, member_of, connect):
    sign_in("quinn")
    thread, post = _thread(make_group, member_of, "quinn", anonymous=False)
    sam = connect(sign_in("sam"))
    acks = [sam.emit("react", {"post": post, "kind": "hear"}) for _ in range(31)]
    assert all(a["ok"] for a in acks[:30]) and acks[30] == {
        "ok": False,
        "error": "You're reacting quickly. Please wait a moment.",
    }


def test_a_visitor_sees_counts_but_no_buttons(sign_in, make_group, member_of, browser):
    sign_in("quinn")
    thread, post = _thread(make_group, member_of, "quinn", anonymous=False)
    page = text(browser.get(f"/t/{thread.id}"))
    assert _counts(page) == ["0", "0", "0"] and "/react" not in page
    assert browser.post(f"/p/{post}/react", {"kind": "hear"}).status_code == 302  # to sign in
    assert Reaction.query.count() == 0
