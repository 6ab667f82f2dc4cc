"""Search in Chromium: the header's box, highlighted results, with and without JavaScript."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import serious_violations
from tests.browser.conftest import ARTIFACTS, sign_in

SLUG = "depression-support"


def _search_from_the_header(page: Page, words: str) -> None:
    page.goto("/")
    box = page.get_by_role("searchbox", name="Search posts")
    box.fill(words)
    box.press("Enter")
    expect(page.get_by_role("heading", name="Search", exact=True)).to_be_visible()


def _scrolls_sideways(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


@pytest.mark.browser
def test_a_visitor_searches_from_the_header_and_opens_the_highlighted_post(new_context, live_server,
                                                                           console_errors):  # fmt: skip
    word = "zinnia" + uuid.uuid4().hex[:6].translate(str.maketrans("0123456789", "ghijklmnop"))
    river = new_context().new_page()
    sign_in(river, "river", live_server.passwords["river"])
    river.goto(f"/g/{SLUG}/new")
    river.get_by_label("Title").fill("Small things on the windowsill")
    river.get_by_label("What would you like to say?").fill(f"I keep a **{word}** by the window. <b>Not bold</b>.")
    river.get_by_role("button", name="Post thread").click()
    visitor = new_context().new_page()
    _search_from_the_header(visitor, word)
    result = visitor.locator(".search-result").filter(has_text="Small things on the windowsill")
    expect(result.locator("mark")).to_have_text(word)
    expect(result.locator(".snippet")).to_contain_text("<b>Not bold</b>")  # the member's text, as text
    assert serious_violations(visitor) == []
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    for width, height in ((1280, 900), (390, 844)):
        visitor.set_viewport_size({"width": width, "height": height})
        visitor.screenshot(path=folder / f"search-{width}.png", full_page=True)
        assert not _scrolls_sideways(visitor), width
    result.get_by_role("link", name="Small things on the windowsill").click()
    expect(visitor).to_have_url(re.compile(r"/t/\d+\?post=\d+#post-\d+$"))
    expect(visitor.get_by_text(word)).to_be_visible()
    assert console_errors == []


@pytest.mark.browser
def test_without_javascript_search_and_its_pages_are_plain_links(new_context, live_server):
    page = new_context(java_script_enabled=False).new_page()
    _search_from_the_header(page, "x" * 250)  # the box itself stops at 200 characters
    expect(page.get_by_role("searchbox", name="Search the groups you can read")).to_have_value("x" * 200)
    response = page.goto("/search?q=" + "x" * 201)  # a longer one by hand is a clear 400
    assert response is not None and response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("up to 200 characters")
    _search_from_the_header(page, "qqzzxxqq")
    expect(page.locator("main")).to_contain_text("No posts match “qqzzxxqq”")
