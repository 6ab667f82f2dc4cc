"""A new member's first visit, in a real browser against the real server."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, fresh_username, join_group, sign_up


@pytest.mark.browser
def test_a_new_member_joins_a_group_posts_anonymously_and_finds_crisis_help(browser_page, console_errors):
    page = browser_page
    username = fresh_username("robin")
    sign_up(page, username, display_name="Robin")

    join_group(page, "Anxiety & Panic")

    page.get_by_role("link", name="Start a thread").click()
    page.get_by_label("Title").fill("Does the dread before work ever fade?")
    page.get_by_label("What would you like to say?").fill(
        "Every Sunday evening my chest gets tight. **Some weeks are better.** How do you cope?"
    )
    page.get_by_label("Post anonymously").check()
    page.get_by_role("button", name="Post thread").click()

    opening = page.locator("article.post.opening")
    expect(page.get_by_role("heading", level=1)).to_have_text("Does the dread before work ever fade?")
    expect(opening.locator(".alias")).to_have_text(re.compile(r"^Anonymous [A-Z][a-z]+( [A-Z][a-z]+)?$"))
    expect(opening).to_contain_text("(you, posted anonymously)")
    expect(opening.locator("strong")).to_have_text("Some weeks are better.")
    assert username not in opening.inner_text() and "Robin" not in opening.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "thread-page.png", full_page=True)

    page.get_by_role("link", name="Need help now?").click()
    expect(page).to_have_url(re.compile(r"/crisis$"))
    expect(page.locator("main")).to_contain_text("988")
    assert console_errors == []
