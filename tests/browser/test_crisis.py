"""The crisis flow in real browsers: a crisis post, its author helped, a listener alerted live."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import handle_of, join_group, new_listener_on_duty, new_member, sign_in

TITLE = "I can't keep doing this"
CRISIS = "I've been hoarding my pills and I'm going to kill myself tonight. Nobody will miss me."


@pytest.mark.browser
def test_a_crisis_post_shows_its_author_help_and_a_listener_claims_and_resolves_it_live(
    live_server, new_context, console_errors
):
    member, dana_username, dana_name = new_member(new_context, "Dana")
    handle = handle_of(live_server, dana_username)
    listener, lee_name = new_listener_on_duty(live_server, new_context, "Lee")

    join_group(member, "Depression Support")
    member.get_by_role("link", name="Start a thread").click()
    member.get_by_label("Title").fill(TITLE)
    member.get_by_label("What would you like to say?").fill(CRISIS)
    member.get_by_role("button", name="Post thread").click()
    expect(member).to_have_url(re.compile(r"/crisis$"))
    help_now = member.locator("main")
    # The listener's screen acknowledged the alert (alert_seen): only now is the member told so.
    expect(help_now.locator("#crisis-status")).to_contain_text("A listener has seen your post")
    call_988 = help_now.get_by_role("link", name="988", exact=True)
    expect(call_988).to_have_attribute("href", "tel:988")
    expect(help_now.get_by_role("heading", name="Crisis Text Line")).to_be_visible()
    expect(help_now.get_by_role("link", name="findahelpline.com")).to_be_visible()

    alert = listener.locator("#live-alerts li", has_text=handle)  # live: nothing reloads it
    expect(alert).to_contain_text(re.compile(rf"^Crisis: #\d+ forum post by {handle}"))
    expect(alert).to_contain_text("kill myself tonight")
    alerts = listener.locator("#live-alerts").inner_text()
    assert dana_username not in alerts and dana_name not in alerts

    # Held from the group: another member of it finds neither the thread nor the words.
    sam = new_context().new_page()
    sign_in(sam, "sam", live_server.passwords["sam"])
    sam.goto("/g/depression-support")
    threads = sam.locator(".thread-list")
    expect(threads).to_contain_text("Small win thread")
    expect(threads).not_to_contain_text(TITLE)

    alert.get_by_role("button", name="Claim").click()
    expect(listener).to_have_url(re.compile(r"/moderator/items/\d+$"))
    item = listener.locator("main")
    expect(item.get_by_role("heading", level=1)).to_contain_text("crisis")
    expect(item).to_contain_text(f"State crisis: with a listener, claimed by {lee_name}")
    expect(item).to_contain_text(f"by {handle}")
    expect(item.locator("blockquote.screened")).to_contain_text(CRISIS)
    expect(item.locator("blockquote.screened mark")).to_have_text(
        ["hoarding my pills", "kill myself", "Nobody will miss me"]
    )
    seen_by_listener = item.inner_text()
    assert dana_username not in seen_by_listener and dana_name not in seen_by_listener

    thread_link = item.get_by_role("link", name="where it lives").get_attribute("href")
    sam.goto(thread_link)
    expect(sam.locator("main")).to_contain_text("We couldn't find that thread.")
    assert CRISIS not in sam.locator("body").inner_text()

    expect(item.locator("[aria-invalid]")).to_have_count(0)  # nothing submitted, nothing wrong
    item.get_by_label("How you followed up").fill("Opened a 1:1 chat; they agreed to call 988.")
    item.get_by_role("button", name="Mark resolved").click()
    expect(listener.get_by_role("status")).to_have_text("Resolved. Thank you for following up.")
    expect(item).to_contain_text("State resolved")
    expect(item).to_contain_text("Decided. Nothing more to do here.")
    trail = item.get_by_role("heading", name="Audit trail").locator("..").get_by_role("listitem")
    expect(trail).to_have_text([
        re.compile(f"· {lee_name} · claimed a crisis or check-in$"),
        re.compile(f"· {lee_name} · resolved: “Opened a 1:1 chat; they agreed to call 988.”$"),
    ])  # fmt: skip
    not_found = "Failed to load resource: the server responded with a status of 404 (NOT FOUND)"
    assert console_errors == [f"{not_found} ({live_server.url}{thread_link})"]  # Sam's, only
