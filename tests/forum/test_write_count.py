"""Writes are lean: a reply and a chat message each cost a handful of SQL statements.

The content is inserted once, with its final status and HTML, and nothing is
reloaded after the commit (issue 15). Counted through the real page and event.
"""

from __future__ import annotations

from community.accounts.service import find_by_username
from community.extensions import db
from community.forum import service
from tests.forum.test_query_count import counting_queries

MAX_REPLY_STATEMENTS = 6
MAX_CHAT_STATEMENTS = 6


def test_a_reply_costs_at_most_six_statements_and_is_inserted_once(sign_in, make_group):
    group = make_group()
    sam = sign_in("sam")
    sam.post(f"/g/{group.slug}/join")
    thread, _ = service.start_thread(find_by_username("sam"), group, "Evenings", "How do you unwind?")
    thread_id = thread.id
    db.session.expire_all()
    with counting_queries() as statements:
        response = sam.post(f"/t/{thread_id}/reply", {"body": "A walk, then **tea**."})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/t/{thread_id}#post-2")
    print("\n".join(statements))
    writes = [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert [w.split()[0] + " " + w.split()[2] for w in writes if "posts" in w.split()[2]] == ["INSERT posts"]
    assert len(statements) <= MAX_REPLY_STATEMENTS, statements
    assert "<strong>tea</strong>" in sam.get(f"/t/{thread_id}").get_data(as_text=True)


def test_a_chat_message_costs_at_most_six_statements(sign_in, make_group, connect):
    group = make_group()
    sam = sign_in("sam")
    sam.post(f"/g/{group.slug}/join")
    client = connect(sam)
    assert client.emit("join_chat", {"group": group.slug})["ok"]
    with counting_queries() as statements:
        ack = client.emit("send_message", {"group": group.slug, "body": "Evening, everyone"})
    assert ack["ok"] and ack["message"]["text"] == "Evening, everyone"
    print("\n".join(statements))
    assert len(statements) <= MAX_CHAT_STATEMENTS, statements
