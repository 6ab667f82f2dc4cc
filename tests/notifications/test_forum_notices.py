"""Replies and mentions tell members, live and on /notifications, and never say more than the thread."""

from __future__ import annotations

from community.notifications.models import Kind
from tests.conftest import text
from tests.notifications.conftest import notices, reply, start_thread, stored


def test_a_reply_reaches_the_thread_opener_live_and_is_listed_then_read_on_view(forum_pair, connect):
    group, river, sam = forum_pair
    thread_id = start_thread(river, group)
    river_live, sam_live = connect(river), connect(sam)
    reply(sam, thread_id, "A walk, then tea.")
    [live] = notices(river_live)
    assert live["kind"] == "reply" and live["text"] == "Sam replied in “Evenings”"
    assert live["url"] == f"/t/{thread_id}#post-2" and live["unread_count"] == 1
    assert notices(sam_live) == []  # nobody is told of their own reply

    home = text(river.get("/"))
    assert 'aria-label="Notifications, 1 unread"' in home
    page = text(river.get("/notifications"))
    assert "Sam replied in “Evenings”" in page and "New: " in page
    assert river_live.events("notifications_read") == [{"unread_count": 0}]  # the other tabs' bells
    assert "New: " not in text(river.get("/notifications"))
    assert 'aria-label="Notifications"' in text(river.get("/"))


def test_following_a_notice_opens_its_post(forum_pair):
    group, river, sam = forum_pair
    thread_id = start_thread(river, group)
    reply(sam, thread_id, "Reading before bed.")
    [notice] = stored()
    response = river.get(f"/notifications/{notice.id}")
    assert response.status_code == 302 and response.headers["Location"] == f"/t/{thread_id}#post-2"
    assert stored()[0].read_at is not None


def test_a_flood_of_replies_is_one_notice_per_thread(forum_pair, connect):
    group, river, sam = forum_pair
    first, second = start_thread(river, group), start_thread(river, group, title="Mornings")
    for n in range(12):
        reply(sam, first, f"Reply {n}")
    reply(sam, second, "Just one here")
    rows = stored()
    assert [(row.key, row.count) for row in rows] == [(f"thread:{first}", 12), (f"thread:{second}", 1)]
    page = text(river.get("/notifications"))
    assert "12 new replies in “Evenings”, the latest from Sam" in page
    reply(sam, first, "After you read them")  # read notices stay as they were: a new one starts
    assert [(row.key, row.count) for row in stored()][-1] == (f"thread:{first}", 1)


def test_a_member_who_blocked_the_replier_is_not_told(forum_pair):
    group, river, sam = forum_pair
    thread_id = start_thread(river, group)
    assert river.post("/u/sam/block").status_code == 302
    reply(sam, thread_id, "You won't see this one.")
    assert stored() == []


def test_a_deleted_reply_shows_as_gone_with_no_text(forum_pair):
    group, river, sam = forum_pair
    thread_id = start_thread(river, group, title="Something private")
    post_id = reply(sam, thread_id, "I said too much.")
    assert sam.post(f"/p/{post_id}/delete").status_code == 302
    page = text(river.get("/notifications"))
    assert "no longer available" in page
    assert "Something private" not in page and "replied in" not in page and "Sam" not in page.split("<main")[1]
    [notice] = stored()
    assert river.get(f"/notifications/{notice.id}").headers["Location"] == "/notifications"


def test_a_mention_tells_the_member_named_and_nobody_else(forum_pair, sign_in, connect):
    group, river, sam = forum_pair
    kim = sign_in("kim", display_name="Kim")
    kim.post(f"/g/{group.slug}/join")
    kim_live = connect(kim)
    thread_id = start_thread(river, group)
    reply(sam, thread_id, "@kim you said this helped? (not @nobody_here, not a@kim.example)")
    [mention] = notices(kim_live)
    assert mention["kind"] == "mention" and mention["text"] == "Sam mentioned you in “Evenings”"
    assert sorted(row.kind for row in stored()) == [Kind.MENTION.value, Kind.REPLY.value]


def test_a_mention_in_a_group_the_member_cannot_read_tells_them_nothing(sign_in, make_group):
    private = make_group(is_public=False)
    river = sign_in("river")
    sign_in("kim")
    from community.accounts.service import find_by_username
    from community.groups import service as groups

    groups.join(find_by_username("river"), private)
    thread_id = start_thread(river, private)
    reply(river, thread_id, "@kim look")
    assert stored() == []


def test_a_member_can_turn_a_kind_off_and_bad_settings_change_nothing(forum_pair):
    group, river, sam = forum_pair
    thread_id = start_thread(river, group)
    bad = river.post("/notifications/preferences", {"reply": "loudly"})
    assert bad.status_code == 400 and "not a notification setting" in text(bad)
    assert river.post("/notifications/preferences", {"reply": "off"}).status_code == 302
    page = text(river.get("/notifications"))
    assert 'name="reply" value="off" checked' in page
    reply(sam, thread_id, "Nobody is told of this one.")
    assert stored() == []
    river.post("/notifications/preferences", {"reply": "in_app"})
    reply(sam, thread_id, "This one is told.")
    assert len(stored()) == 1


def test_notices_are_read_only_by_their_member_and_stale_tabs_get_clear_answers(forum_pair, connect):
    group, river, sam = forum_pair
    thread_id = start_thread(river, group)
    reply(sam, thread_id, "Hello")
    [notice] = stored()
    assert sam.get(f"/notifications/{notice.id}").status_code == 404  # not yours looks like not found
    assert sam.post(f"/notifications/{notice.id}/dismiss").status_code == 404
    sam_live, river_live = connect(sam), connect(river)
    assert sam_live.emit("dismiss_notification", {"notification": notice.id})["ok"] is False
    assert sam_live.emit("mark_notifications_read", {"ids": [notice.id]}) == {"ok": True, "unread_count": 0}
    assert stored()[0].read_at is None  # sam's ack says sam has none; river's notice is untouched
    for bad in ({"ids": "all"}, {"ids": [True]}, {"ids": list(range(100))}, ["ids"]):
        ack = river_live.emit("mark_notifications_read", bad)
        assert ack["ok"] is False and ack["error"], bad
    assert river_live.emit("mark_notifications_read", {"ids": [notice.id]}) == {"ok": True, "unread_count": 0}
    # A second tab still showing it as unread marks it again: no error, nothing changes.
    assert river_live.emit("mark_notifications_read", {"ids": [notice.id]}) == {"ok": True, "unread_count": 0}
    assert river.get("/notifications/999999").status_code == 404


def test_visitors_have_no_notifications(browser):
    response = browser.get("/notifications")
    assert response.status_code == 302 and "/signin" in response.headers["Location"]
    assert "Notifications" not in text(browser.get("/"))
