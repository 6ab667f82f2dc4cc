"""Listeners read words, not code names: kinds, reasons, labels, states, report reasons, audit actions."""

from __future__ import annotations

import re

from tests.conftest import text
from tests.moderation.conftest import latest_item, post_thread

NUMBERS = "I weigh 45kg now and my goal weight is 40kg."


def _item_page(lee, item_id: int) -> str:
    return text(lee.get(f"/moderator/items/{item_id}"))


def test_queue_and_item_say_why_in_words(member_in, sign_in):
    sam, group = member_in("sam", condition="eating-disorders", trusted=False)
    post_thread(sam, group, "Hello everyone, glad to be here.")
    post_thread(sam, group, NUMBERS, title="Numbers")
    lee = sign_in("lee", role="listener")
    queue = text(lee.get("/moderator"))
    assert "a new member's first posts" in queue and "body numbers" in queue and "forum post" in queue
    page = _item_page(lee, latest_item().id)
    # The words, not attribute values; the model's own reasons quote its corpus tags and stay as they are.
    shown = re.sub(r'="[^"]*"', "", re.sub(r'<ul class="reasons".*?</ul>', "", page, flags=re.S))
    for code in ("new-member", "ed-numbers", ">flagged<", ">pending<", "ed.goal-weight"):
        assert code not in queue.replace('value="ed-numbers"', "") and code not in shown, code
    assert "ed: goal weight" in page and "the screener found something" in page


def test_report_reasons_and_audit_actions_read_as_words(member_in, sign_in):
    sam, group = member_in()
    post_thread(sam, group, "Buy cheap followers at my site, best prices!")
    kim = sign_in("kim")
    kim.post(f"/g/{group.slug}/join")
    thread = re.search(r'href="/t/(\d+)"', kim.get(f"/g/{group.slug}").get_data(as_text=True)).group(1)
    post_id = re.search(r'href="/p/(\d+)/report"', kim.get(f"/t/{thread}").get_data(as_text=True)).group(1)
    assert kim.post(f"/p/{post_id}/report", {"reason": "harassment"}).status_code == 302
    lee = sign_in("lee", role="listener")
    item = latest_item()
    page = _item_page(lee, item.id)
    assert "Harassment, hate or bullying" in page and "a member reported it" in page
    lee.post(f"/moderator/items/{item.id}/reject", {"author_message": "", "note": "spam"})
    audit = text(lee.get("/moderator/audit"))
    assert "declined or removed" in audit and ">reject<" not in audit
