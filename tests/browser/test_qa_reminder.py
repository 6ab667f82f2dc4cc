"""A Q&A reminder reaches a member in Chromium on whatever page they have open, live."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import new_member, sign_in


@pytest.mark.browser
def test_a_member_who_asked_to_be_reminded_sees_the_session_start_on_another_page(live_server, new_context,
                                                                                  console_errors):  # fmt: skip
    host = new_context().new_page()
    sign_in(host, "dr_okafor", live_server.passwords["dr_okafor"])
    host.goto("/g/anxiety-and-panic")
    host.get_by_role("link", name="Schedule a Q&A session").click()
    title = f"Sleep and worry {uuid.uuid4().hex[:6]}"
    host.get_by_label("Title").fill(title)
    host.get_by_label("What will you cover?").fill("Winding down when the mind races.")
    host.get_by_label("Starts at (UTC)").fill("2099-01-01T10:00")
    host.get_by_role("button", name="Schedule session").click()
    session_url = host.url

    member, _, _ = new_member(new_context, "Dana")
    member.goto(session_url)
    member.get_by_role("button", name="Remind me when it starts").click()
    expect(member.get_by_role("button", name="Cancel my reminder")).to_be_visible()
    member.goto("/")  # somewhere else entirely: not the session page, not its room
    bell = member.locator("#bell-count")
    expect(bell).to_be_hidden()

    host.get_by_role("button", name="Open session (go live)").click()
    expect(host.locator("#qa-state")).to_have_text("Live now")

    notice = member.locator("#live-notices .live-notice", has_text=title)
    expect(notice).to_contain_text(f"The Q&A session “{title}” has started. Join now.")
    expect(bell).to_have_text("1")
    notice.get_by_role("link", name="View").click()
    expect(member).to_have_url(re.compile(re.escape(session_url) + r"$"))
    expect(member.locator("#qa-state")).to_have_text("Live now")
    assert console_errors == []
