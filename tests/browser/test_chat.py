"""Live chat in real browsers: two members in a group's room, and a member with a listener 1:1."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.axe import serious_violations
from tests.browser.conftest import fresh_username, handle_of, join_group, new_listener_on_duty, new_member, sign_up

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


@pytest.mark.browser
def test_a_member_without_scripts_still_reaches_a_listener_and_talks(live_server, new_context, console_errors):
    """A press before the live script runs (a slow phone), or with scripts off, posts the form.

    Before, such a press reloaded "Talk to a listener" and asked for no one: CI met it as a
    race in the test above. Here the member's scripts are off, so every step is a form post."""
    listener, lee_name = new_listener_on_duty(live_server, new_context, "Lee")
    member = new_context(java_script_enabled=False).new_page()
    casey_username = fresh_username("casey")
    sign_up(member, casey_username, display_name="Casey Without Scripts")
    handle = handle_of(live_server, casey_username)

    member.get_by_role("link", name="Talk to a listener").click()
    member.get_by_role("button", name="Talk to a listener").click()
    expect(member.locator("#support-status")).to_contain_text("You're in line.")
    expect(member.get_by_role("button", name="Stop waiting")).to_be_visible()
    request = listener.locator("#live-alerts li", has_text=handle)
    request.get_by_role("button", name="Accept").click()
    expect(listener.locator("#support-state")).to_have_text("Connected.")

    member.reload()
    member.get_by_role("link", name="Go back to your chat").click()
    expect(member.locator("#support-static")).to_be_visible()
    member.get_by_label("Message", exact=True).fill("Is anyone there? My script blocker is on.")
    member.get_by_role("button", name="Send").click()
    expect(messages(member).filter(has_text="script blocker")).to_have_count(1)  # back on the page, sent
    heard = messages(listener).filter(has_text="script blocker")
    expect(heard.locator(".chat-author")).to_have_text(handle)  # live, on the listener's side

    assert serious_violations(listener) == []  # the chat page as it now comes, its messages in it
    listener.get_by_label("Message", exact=True).fill("I'm here. Reload to see my answers.")
    listener.get_by_role("button", name="Send").click()
    expect(messages(listener).filter(has_text="Reload to see")).to_have_count(1)
    member.reload()
    answer = messages(member).filter(has_text="Reload to see")
    expect(answer.locator(".chat-author")).to_have_text(f"{lee_name} (Listener)")

    member.get_by_role("button", name="End chat").click()
    expect(member.locator("#support-state")).to_have_text("This chat has ended.")
    expect(listener.locator("#support-state")).to_have_text(f"This chat has ended (ended by {handle}).")
    assert "Casey Without Scripts" not in listener.locator("main").inner_text()
    assert console_errors == []


@pytest.mark.browser
def test_an_accept_sent_while_the_members_page_was_connecting_still_opens_the_chat(
    live_server, new_context, console_errors
):
    """``support_started`` goes to whoever is connected; a member whose page was still
    connecting (a slow phone, a reconnect) asks where things stand once connected."""
    listener, _ = new_listener_on_duty(live_server, new_context, "Lee")
    member, casey_username, _ = new_member(new_context, "Casey")
    member.get_by_role("link", name="Talk to a listener").click()
    member.get_by_role("button", name="Talk to a listener").click()
    expect(member.locator("#support-status")).to_contain_text("You're in line.")

    held = []  # the member's next live connection, held back until the listener has accepted

    def hold_the_first(ws) -> None:
        held.append(ws)
        if len(held) > 1:  # the chat page's own connection goes straight through
            ws.connect_to_server()

    member.route_web_socket(re.compile(r"/socket\.io/"), hold_the_first)
    member.reload()
    expect(member.locator("#support-status")).to_contain_text("You're in line.")
    listener.locator("#live-alerts li", has_text=handle_of(live_server, casey_username)).get_by_role(
        "button", name="Accept"
    ).click()
    expect(listener).to_have_url(re.compile(r"/support/chats/\d+$"))
    assert len(held) == 1
    held[0].connect_to_server()  # connected only now: support_started went to no one
    expect(member).to_have_url(listener.url)
    expect(member.locator("#support-state")).to_have_text("Connected.")
    assert console_errors == []


@pytest.mark.browser
def test_a_member_in_line_sees_it_said_when_the_last_listener_goes_off_duty(live_server, new_context, console_errors):
    """Nothing waits in silence: the page tells the member, with the crisis resources, and takes it back."""
    listener, _ = new_listener_on_duty(live_server, new_context, "Lee")
    member, _, _ = new_member(new_context, "Casey")
    member.get_by_role("link", name="Talk to a listener").click()
    member.get_by_role("button", name="Talk to a listener").click()
    status, resources = member.locator("#support-status"), member.locator("#support-resources")
    expect(status).to_contain_text("A listener will be with you soon")
    expect(resources).to_be_hidden()
    listener.get_by_role("button", name="Go off duty").click()
    expect(status).to_contain_text("but no listener is on duty right now")  # no reload: the page asked
    expect(resources).to_be_visible()
    expect(resources).to_contain_text("988")
    listener.get_by_role("button", name="Go on duty").click()
    expect(status).to_contain_text("A listener will be with you soon")
    expect(resources).to_be_hidden()
    expect(member.get_by_role("button", name="Stop waiting")).to_be_visible()
    assert console_errors == []
