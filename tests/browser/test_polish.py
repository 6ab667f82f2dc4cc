"""Issue 14's smaller items in a real browser: the screener's content-warning suggestion,
reporting a profile and the listener's queue item for it, /settings' links; axe-core on each,
and screenshots at 1280 and 390 px beside the review's (test-artifacts/screenshots/)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import serious_violations
from tests.browser.conftest import ARTIFACTS, join_group, new_member, sign_in

GROUP = "Depression Support"
RELAPSE = "I relapsed last night after 90 days sober and I feel so ashamed of myself right now."


def review(page: Page, name: str) -> None:
    """No serious or critical axe violations, and no sideways scrolling, at both widths; screenshots kept."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        assert serious_violations(page) == [], f"{name} at {width} px"
        assert not page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
        page.screenshot(path=folder / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.browser
def test_the_screener_suggests_a_warning_once_and_the_member_posts_behind_it(new_context, console_errors):
    ana, _, _ = new_member(new_context, "Ana")
    join_group(ana, GROUP)
    ana.get_by_role("link", name="Start a thread").click()
    ana.get_by_label("Title").fill("Day one again")
    ana.get_by_label("What would you like to say?").fill(RELAPSE)
    ana.get_by_role("button", name="Post thread").click()
    offer = ana.locator("#warning-offer")
    expect(offer).to_contain_text("Would you like to fold this behind a content warning?")
    expect(offer).to_contain_text("Suggested topic: Substance use.")
    expect(ana.get_by_label("Content warning")).to_have_value("substance-use")
    expect(ana.get_by_label("What would you like to say?")).to_have_value(RELAPSE)
    review(ana, "warning-offer")
    ana.get_by_role("button", name="Post thread").click()
    expect(ana.locator("details.content-warning summary")).to_contain_text("Content warning: Substance use")
    assert console_errors == []


@pytest.mark.browser
def test_a_member_reports_a_profile_and_a_listener_finds_it_in_words(new_context, live_server, console_errors):
    ana, _, _ = new_member(new_context, "Ana")
    ana.goto("/settings")
    expect(ana.get_by_role("link", name="Content warnings")).to_have_attribute("href", "/settings/content")
    expect(ana.get_by_role("link", name="Notification preferences")).to_have_attribute(
        "href", "/notifications#preferences"
    )
    review(ana, "settings")
    ana.goto("/u/river")
    ana.get_by_role("link", name="Report this profile").click()
    expect(ana.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Report .+'s profile$"))
    review(ana, "report-profile")
    ana.get_by_label("Spam or advertising").check()
    ana.get_by_role("button", name="Send report").click()
    expect(ana.locator("main")).to_contain_text("Thank you. A listener will look at this profile soon.")

    lee = new_context().new_page()
    sign_in(lee, "lee", live_server.passwords["lee"])
    lee.goto("/moderator")
    lee.get_by_role("link", name=re.compile(r"^#\d+ member profile$")).last.click()
    expect(lee.locator("main")).to_contain_text("a member reported it")
    expect(lee.locator("main")).to_contain_text("Spam or advertising")
    review(lee, "moderator-profile-report")
    assert console_errors == []
