"""Live chat in real browsers: two members in a group's room, and a member with a listener 1:1."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import handle_of, join_group, new_listener_on_duty, new_member

ALIAS = re.compile(r"^Anonymous [A-Z][a-z]+( [A-Z][a-z]+)?$")


def open_group_chat(page: Page, group: str, *, anonymous: bool = False) -> None:
    """Join a group from its page and open its live chat, choosing first how to appear, as a member would."""
    join_group(page, group)
    page.get_by_role("link", name="Live chat").click()
    page.get_by_label(re.compile("Stay anonymous" if anonymous else "Use my name")).check()
    page.get_by_role("button", name="Join the chat").click()
    expect(page.locator("#chat-status")).to_have_text("Connected.")
    page.evaluate("window.notReloaded = true")  # a reload would forget it


def messages(page: Page) -> Locator:
    return page.get_by_role("list", name="Messages").get_by_role("listitem")


def here_now(page: Page) -> Locator:
    return page.get_by_role("complementary", name="Here now").get_by_role("listitem")


@pytest.mark.browser
def test_two_members_chat_live_and_an_anonymous_message_shows_only_its_alias(new_context, console_errors):
    ana, _, ana_name = new_member(new_context, "Ana")
    ben, ben_username, ben_name = new_member(new_context, "Ben")
    open_group_chat(ana, "Depression Support")
    # Ben chooses an alias before joining: the room never sees him by name (issue 12).
    open_group_chat(ben, "Depression Support", anonymous=True)
    for page in (ana, ben):
        expect(here_now(page).filter(has_text=ana_name)).to_have_count(1)
        expect(here_now(page).filter(has_text=ALIAS)).to_have_count(1)

    composer = ana.get_by_label("Message", exact=True)
    composer.press_sequentially("Rough morning. Anyone else up early?")
    expect(ben.locator("#chat-typing")).to_have_text(f"{ana_name} is typing…")
    composer.press("Enter")
    expect(composer).to_have_value("")
    arrived = messages(ben).filter(has_text="Rough morning. Anyone else up early?")
    expect(arrived.locator(".chat-author")).to_have_text(ana_name)

    expect(here_now(ana).filter(has_text=ben_name)).to_have_count(0)
    ben.get_by_label("Message", exact=True).fill("Same here. Coffee and a short walk helped.")
    ben.get_by_role("button", name="Send").click()
    reply = messages(ana).filter(has_text="Coffee and a short walk helped.")
    expect(reply.locator(".chat-author")).to_have_text(ALIAS)
    room_text = ana.locator("#chat").inner_text()
    assert ben_username not in room_text and ben_name not in room_text
    assert ana.evaluate("window.notReloaded") and ben.evaluate("window.notReloaded")
    assert console_errors == []


@pytest.mark.browser
def test_a_listener_takes_a_support_request_and_sees_the_member_only_by_handle(
    live_server, new_context, console_errors
):
    listener, lee_name = new_listener_on_duty(live_server, new_context, "Lee")
    member, casey_username, casey_name = new_member(new_context, "Casey")
    handle = handle_of(live_server, casey_username)

    member.get_by_role("link", name="Talk to a listener").click()
    member.get_by_role("button", name="Talk to a listener").click()
    expect(member.locator("#support-status")).to_contain_text("You're in line.")
    request = listener.locator("#live-alerts li", has_text=handle)  # live, in the moderator view
    expect(request).to_contain_text("Wants to talk")
    alerts = listener.locator("#live-alerts").inner_text()
    assert casey_username not in alerts and casey_name not in alerts
    request.get_by_role("button", name="Accept").click()
    for page in (listener, member):
        expect(page).to_have_url(re.compile(r"/support/chats/\d+$"))
        expect(page.locator("#support-state")).to_have_text("Connected.")
    expect(listener.locator("main")).to_contain_text(f"With {handle}.")
    expect(member.locator("main")).to_contain_text(f"With {lee_name} (Listener).")

    composer = member.get_by_label("Message", exact=True)
    composer.press_sequentially("I can't sleep and my head won't stop.")
    composer.press("Enter")
    expect(composer).to_have_value("")
    heard = messages(listener).filter(has_text="my head won't stop")
    expect(heard.locator(".chat-author")).to_have_text(handle)
    listener.get_by_label("Message", exact=True).fill("I'm here. What's keeping you up?")
    listener.get_by_role("button", name="Send").click()
    answer = messages(member).filter(has_text="What's keeping you up?")
    expect(answer.locator(".chat-author")).to_have_text(f"{lee_name} (Listener)")

    member.once("dialog", lambda dialog: dialog.accept())  # "End this chat?"
    member.get_by_role("button", name="End chat").click()
    for page in (member, listener):
        expect(page.locator("#support-state")).to_have_text(f"This chat has ended (ended by {handle}).")
        expect(page.get_by_label("Message", exact=True)).to_be_hidden()
    seen_by_listener = listener.locator("main").inner_text()
    assert casey_username not in seen_by_listener and casey_name not in seen_by_listener
    assert console_errors == []
