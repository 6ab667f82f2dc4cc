"""Issue 12 item 10 in a real browser, on the demo data: a member asks to join the private carers'
group with a note, a listener lets them in from the moderator view, and the member is told and in.
axe-core on the pages this adds."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import serious_violations
from tests.browser.conftest import new_listener_on_duty, new_member

GROUP_PAGE = "/g/ed-carers"
NOTE = "My daughter started treatment last month."


@pytest.mark.browser
def test_a_member_asks_a_listener_lets_them_in_and_they_are_told(live_server, new_context, console_errors):
    member, _, member_name = new_member(new_context, "Cam")
    member.goto(GROUP_PAGE)
    expect(member.get_by_text("This group's threads are for its members.")).to_be_visible()
    assert serious_violations(member) == []
    member.get_by_label("A note for the listener (optional)").fill(NOTE)
    member.get_by_role("button", name="Ask to join").click()
    expect(member.get_by_text("Your request to join is waiting for a listener.")).to_be_visible()
    expect(member.get_by_role("button", name="Ask to join")).to_have_count(0)

    listener, _ = new_listener_on_duty(live_server, new_context, "Lee")
    listener.goto("/moderator/join-requests")
    request = listener.get_by_role("listitem").filter(has_text=member_name)
    expect(request).to_contain_text(NOTE)
    assert serious_violations(listener) == []
    request.get_by_role("button", name="Let them in").click()
    expect(listener.get_by_text(re.compile(r"let into Carers & Families"))).to_be_visible()
    expect(listener.get_by_role("listitem").filter(has_text=member_name)).to_have_count(0)

    member.goto("/notifications")
    expect(member.get_by_text(re.compile(r"A listener let you into Carers & Families"))).to_be_visible()
    member.goto(GROUP_PAGE)
    expect(member.get_by_role("button", name="Leave group")).to_be_visible()
    expect(member.get_by_role("link", name="Start a thread")).to_be_visible()
    assert console_errors == []
