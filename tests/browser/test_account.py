"""A member's account in a real browser: recovery codes at sign-up, getting back in, settings."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, fresh_username, sign_in, sign_up

CODE = re.compile(r"^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$")


@pytest.mark.browser
def test_recovery_codes_are_shown_once_and_get_a_member_back_in(new_context, console_errors):
    page = new_context().new_page()
    username = fresh_username("wren")
    sign_up(page, username)
    expect(page.get_by_role("heading", level=1)).to_have_text("One more thing: your recovery codes")
    codes = page.get_by_role("list", name="Recovery codes").locator("code").all_inner_texts()
    assert len(codes) == 10 and all(CODE.match(code) for code in codes)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "recovery-codes.png", full_page=True)
    page.reload()
    expect(page.locator("code")).to_have_count(0)  # shown once: the page has moved on

    stranger = new_context().new_page()
    stranger.goto("/signin")
    stranger.get_by_role("link", name="Forgot your password?").click()
    stranger.get_by_label("Username").fill(username)
    stranger.get_by_label("Recovery code").fill(codes[0].upper())
    stranger.get_by_label("New password").fill("password12")
    stranger.get_by_role("button", name="Set my new password").click()
    expect(stranger.get_by_role("alert")).to_contain_text("That password is too easy to guess")
    stranger.get_by_label("New password").fill("lantern over the quiet harbour")
    stranger.get_by_role("button", name="Set my new password").click()
    expect(stranger.get_by_role("status")).to_contain_text("You have 9 recovery codes left")

    page.goto("/")  # the first browser's session ended with the old password
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    sign_in(page, username, "lantern over the quiet harbour")
    # The one refused form answered 400, as it should; nothing else went wrong.
    assert len(console_errors) == 1 and "400 (BAD REQUEST)" in console_errors[0] and "/recover" in console_errors[0]


@pytest.mark.browser
def test_settings_detect_the_time_zone_and_save_the_profile(new_context, console_errors):
    page = new_context(timezone_id="Asia/Tokyo").new_page()
    sign_up(page, fresh_username("tern"))
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_label("Time zone")).to_have_value("Asia/Tokyo")
    expect(page.locator("#time-zone-detected")).to_contain_text("Asia/Tokyo")
    page.get_by_label("Display name").fill("Tern in Tokyo")
    page.get_by_label("About you (optional)").fill("Learning to rest.")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "settings.png", full_page=True)
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status")).to_contain_text("Your profile is saved.")
    expect(page.get_by_label("Time zone")).to_have_value("Asia/Tokyo")
    expect(page.locator("#time-zone-detected")).to_be_hidden()
    page.get_by_role("link", name="Tern in Tokyo").click()
    expect(page.locator("main")).to_contain_text("Learning to rest.")
    assert console_errors == []
