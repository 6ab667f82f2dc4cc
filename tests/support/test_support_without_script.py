"""Support chats through plain forms: what a member gets when the live script has not run yet.

A phone on a slow network shows the page before its script runs; a press then posts
the form. Before these routes, that press reloaded the page and asked for no one (the
browser suite met it). Each form here reaches the same use case as its live event.
"""

from __future__ import annotations

import re

from community.extensions import db
from community.support.models import RequestState, SupportChat, SupportMessage, SupportRequest

IN_LINE = "You're in line."


def _request_of(username: str) -> SupportRequest:
    return db.session.scalars(db.select(SupportRequest).join(SupportRequest.member).filter_by(username=username)).one()


def _ask(browser, **form):
    response = browser.post("/support", form)
    assert response.status_code == 302 and response.headers["Location"].endswith("/support")
    return browser.get("/support").get_data(as_text=True)


def _chat_between(sign_in, on_duty, member="sam"):
    listener_live = on_duty("lee")
    sam = sign_in(member)
    _ask(sam)
    lee = sign_in("lee-desk", role="listener")
    accepted = lee.post(f"/support/requests/{_request_of(member).id}/accept")
    assert accepted.status_code == 302
    chat_id = int(re.search(r"/support/chats/(\d+)$", accepted.headers["Location"]).group(1))
    return sam, lee, listener_live, chat_id


def test_asking_with_no_listener_on_duty_says_so_with_the_resources(sign_in):
    sam = sign_in("sam")
    response = sam.post("/support", {"share_name": "on"})
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "No listener is on duty right now." in page and "988" in page
    assert '<div id="support-resources" >' in page  # shown, not hidden
    assert db.session.query(SupportRequest).count() == 0


def test_asking_puts_the_member_in_line_and_tells_listeners_by_handle_only(sign_in, on_duty, make_user):
    listener = on_duty("lee")
    sam = sign_in("sam", display_name="Sam Rivers")
    page = _ask(sam)
    assert IN_LINE in page and "Stop waiting" in page
    assert re.search(r'<form id="support-request"[^>]*hidden', page)  # asked: not offered twice
    told = listener.events("support_requested")
    assert len(told) == 1 and told[0]["member"].startswith("member-") and "Sam" not in told[0]["member"]
    assert _ask(sam).count(IN_LINE) == 1  # a second press: still one request
    assert db.session.query(SupportRequest).count() == 1


def test_sharing_the_name_by_form_shows_it_to_the_listener(sign_in, on_duty):
    listener = on_duty("lee")
    _ask(sign_in("sam", display_name="Sam Rivers"), share_name="on")
    assert listener.events("support_requested")[0]["member"] == "Sam Rivers"


def test_stop_waiting_takes_the_request_off_every_list_and_only_its_member_may(sign_in, on_duty):
    listener = on_duty("lee")
    sam = sign_in("sam")
    _ask(sam)
    request_id = _request_of("sam").id
    listener.received()
    eve = sign_in("eve")
    assert eve.post(f"/support/requests/{request_id}/cancel").status_code == 404  # as if there were none
    db.session.expire_all()
    assert _request_of("sam").state is RequestState.WAITING
    assert sam.post(f"/support/requests/{request_id}/cancel").status_code == 302
    assert listener.events("support_request_closed") == [{"id": request_id}]
    page = sam.get("/support").get_data(as_text=True)
    assert IN_LINE not in page and "hidden" not in re.search(r'<form id="support-request"[^>]*>', page).group(0)
    assert sam.post(f"/support/requests/{request_id}/cancel").status_code == 409  # already withdrawn


def test_a_member_cannot_accept_by_form_and_a_listener_opens_the_chat(sign_in, on_duty, connect):
    on_duty("lee")
    sam = sign_in("sam")
    sam_live = connect(sam)
    _ask(sam)
    request_id = _request_of("sam").id
    assert sign_in("ash").post(f"/support/requests/{request_id}/accept").status_code == 403
    lee = sign_in("lee-desk", role="listener")
    assert "Accept" in lee.get("/support/requests").get_data(as_text=True)
    accepted = lee.post(f"/support/requests/{request_id}/accept")
    chat = db.session.scalars(db.select(SupportChat)).one()
    assert accepted.headers["Location"].endswith(f"/support/chats/{chat.id}")
    assert sam_live.events("support_started")[0]["id"] == chat.id
    assert lee.post(f"/support/requests/{request_id}/accept").status_code == 409  # taken, once


def test_messages_sent_by_form_arrive_live_and_are_on_the_page(sign_in, on_duty, connect):
    sam, lee, _, chat_id = _chat_between(sign_in, on_duty)
    lee_live = connect(lee)
    assert lee_live.emit("join_support_chat", {"chat": chat_id})["ok"]
    sent = sam.post(f"/support/chats/{chat_id}/messages", {"body": "I can't <b>sleep</b> again."})
    message = db.session.scalars(db.select(SupportMessage)).one()
    assert sent.status_code == 302 and sent.headers["Location"].endswith(f"#support-message-{message.id}")
    heard = lee_live.events("support_message_added")
    assert [m["text"] for m in heard] == ["I can't <b>sleep</b> again."]
    page = lee.get(f"/support/chats/{chat_id}").get_data(as_text=True)
    assert f'id="support-message-{message.id}"' in page
    assert "I can&#39;t &lt;b&gt;sleep&lt;/b&gt; again." in page and "<b>sleep" not in page
    assert f'<strong class="chat-author">{heard[0]["author"]}</strong>' in page and "Sam" not in page


def test_a_bad_or_late_message_is_refused_beside_the_form_with_the_text_kept(sign_in, on_duty):
    sam, _, _, chat_id = _chat_between(sign_in, on_duty)
    empty = sam.post(f"/support/chats/{chat_id}/messages", {"body": "   "})
    assert empty.status_code == 400 and "A message needs 1 to 4,000 characters." in empty.get_data(as_text=True)
    too_long = sam.post(f"/support/chats/{chat_id}/messages", {"body": "x" * 4001})
    assert too_long.status_code == 400
    assert sam.post(f"/support/chats/{chat_id}/end").status_code == 302
    late = sam.post(f"/support/chats/{chat_id}/messages", {"body": "are you still there?"})
    page = late.get_data(as_text=True)
    assert late.status_code == 409 and "This support chat has ended." in page and "are you still there?" in page
    assert db.session.query(SupportMessage).count() == 0


def test_ending_by_form_tells_the_other_side_and_strangers_find_nothing(sign_in, on_duty, connect):
    sam, lee, _, chat_id = _chat_between(sign_in, on_duty)
    lee_live = connect(lee)
    lee_live.emit("join_support_chat", {"chat": chat_id})
    eve = sign_in("eve")
    other_listener = sign_in("kim", role="listener")
    for stranger in (eve, other_listener):
        assert stranger.post(f"/support/chats/{chat_id}/messages", {"body": "hi"}).status_code == 404
        assert stranger.post(f"/support/chats/{chat_id}/end").status_code == 404
    assert db.session.get(SupportChat, chat_id).ended_at is None
    assert sam.post(f"/support/chats/{chat_id}/end").status_code == 302
    assert lee_live.events("support_ended")[0]["id"] == chat_id
    page = sam.get(f"/support/chats/{chat_id}").get_data(as_text=True)
    assert "This chat has ended." in page and re.search(r'<form id="support-form"[^>]*hidden', page)
    assert sam.post(f"/support/chats/{chat_id}/end").status_code == 409


def test_the_forms_refuse_a_post_without_its_token(sign_in, on_duty):
    on_duty("lee")
    sam = sign_in("sam")
    assert sam.post("/support", csrf=False).status_code == 400
    assert db.session.query(SupportRequest).count() == 0
