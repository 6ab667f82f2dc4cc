"""The issue's "Bad input" list for notices: content hidden since, a flood of replies, stale tabs.

(Deleted content, blocks and stale tabs have their tests in test_forum_notices.py and
test_listener_reached_out.py; these are the cases they leave open.)
"""

from __future__ import annotations

from community.accounts.service import find_by_username
from community.groups import service as groups
from tests.conftest import text
from tests.moderation.conftest import latest_item
from tests.notifications.conftest import notices, reply, start_thread, stored

GONE = "This is no longer available: it was deleted or hidden."


def test_a_reply_a_listener_took_down_shows_as_gone_with_no_text(forum_pair, sign_in):
    group, river, sam = forum_pair
    thread_id = start_thread(river, group, title="Evenings")
    post_id = reply(sam, thread_id, "Buy cheap followers at my site!")
    kim = sign_in("kim")
    kim.post(f"/g/{group.slug}/join")
    assert kim.post(f"/p/{post_id}/report", {"reason": "spam"}).status_code == 302
    lee = sign_in("lee", role="listener")
    assert lee.post(f"/moderator/items/{latest_item().id}/reject", {"author_message": ""}).status_code == 302
    page = text(river.get("/notifications")).split("<main")[1]
    assert GONE in page and "Sam" not in page and "replied in" not in page and "followers" not in page
    [notice] = stored()
    assert river.get(f"/notifications/{notice.id}").headers["Location"] == "/notifications"


def test_a_notice_from_a_private_group_the_member_has_left_shows_as_gone(sign_in, make_group):
    private = make_group(is_public=False)
    river, sam = sign_in("river"), sign_in("sam", display_name="Sam")
    for name in ("river", "sam"):
        groups.join(find_by_username(name), private)
    thread_id = start_thread(river, private, title="Only for us")
    reply(sam, thread_id, "Members-only words.")
    assert "Sam replied in “Only for us”" in text(river.get("/notifications"))
    groups.leave(find_by_username("river"), private)
    page = text(river.get("/notifications")).split("<main")[1]
    assert GONE in page and "Only for us" not in page and "Sam" not in page


def test_a_flood_of_replies_is_one_notice_live_too(forum_pair, connect):
    group, river, sam = forum_pair
    thread_id = start_thread(river, group)
    river_live = connect(river)
    for n in range(5):
        reply(sam, thread_id, f"Reply {n}")
    live = notices(river_live)
    # Each reply updates the same notice (the page replaces it in place) and the bell stays at 1.
    assert {event["id"] for event in live} == {stored()[0].id} and len(stored()) == 1
    assert [event["count"] for event in live] == [1, 2, 3, 4, 5]
    assert {event["unread_count"] for event in live} == {1}
    assert live[-1]["text"] == "5 new replies in “Evenings”, the latest from Sam"
