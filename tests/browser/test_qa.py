"""A live Q&A in real browsers: a clinician hosts, two members ask and vote, answers arrive live."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, sign_in


@pytest.mark.browser
def test_a_clinician_hosts_two_members_ask_and_vote_and_the_answer_appears_live_for_both(
    live_server, new_context, console_errors
):
    host = new_context().new_page()
    sign_in(host, "dr_okafor", live_server.passwords["dr_okafor"])
    host.goto("/g/anxiety-and-panic")
    host.get_by_role("link", name="Schedule a Q&A session").click()
    host.get_by_label("Title").fill("Panic at work: live Q&A")
    host.get_by_label("What will you cover?").fill("What to do when panic hits at your desk.")
    host.get_by_label("Starts at (UTC)").fill("2099-01-01T10:00")
    host.get_by_role("button", name="Schedule session").click()
    expect(host.get_by_role("heading", level=1)).to_have_text("Panic at work: live Q&A")
    host.get_by_role("button", name="Open session (go live)").click()
    expect(host.locator("#qa-state")).to_have_text("Live now")
    session_url = host.url

    sam, river = new_context().new_page(), new_context().new_page()
    sign_in(sam, "sam", live_server.passwords["sam"])
    sign_in(river, "river", live_server.passwords["river"])
    for page in (sam, river):
        page.goto(session_url)
        expect(page.locator("main")).to_contain_text("not medical advice")
    expect(host.locator("#qa-attendance")).to_have_text("3 here now")

    sam.get_by_label("Your question").fill("How do I calm down in a meeting without anyone noticing?")
    sam.get_by_role("button", name="Ask").click()
    expect(sam.locator("#qa-ask-status")).to_have_text("Your question is up.")
    river.get_by_label("Your question").fill("Should I tell my manager?")
    river.get_by_label("Ask anonymously").check()
    river.get_by_role("button", name="Ask").click()

    sams_question = river.locator("li.qa-question", has_text="calm down in a meeting")
    expect(sams_question).to_be_visible()
    rivers_question = sam.locator("li.qa-question", has_text="tell my manager")
    expect(rivers_question.locator(".alias")).to_have_text(re.compile(r"^Anonymous [A-Z][a-z]+$"))
    assert "river" not in rivers_question.inner_text().lower()

    sams_question.get_by_role("button", name="Vote up").click()
    expect(sams_question.get_by_role("button", name="Voted ✓")).to_be_visible()
    expect(sam.locator("li.qa-question", has_text="calm down in a meeting").locator(".qa-vote-count")).to_have_text("1")
    rivers_question.get_by_role("button", name="Vote up").click()
    expect(host.locator("li.qa-question", has_text="tell my manager").locator(".qa-vote-count")).to_have_text("1")

    on_host = host.locator("li.qa-question", has_text="calm down in a meeting")
    on_host.get_by_role("button", name="Answer this now").click()
    expect(sam.locator("li.qa-question.qa-answering")).to_contain_text("calm down in a meeting")
    expect(sam.locator("#qa-now")).to_be_visible()
    on_host.get_by_label("Your answer to this question").fill("Try **slow exhaling**: out longer than in.")
    on_host.get_by_role("button", name="Post answer").click()
    for page in (sam, river):
        answer = page.locator("li.qa-question", has_text="calm down in a meeting").locator(".qa-answer")
        expect(answer.locator("strong")).to_have_text("slow exhaling")
        expect(answer.locator(".badge")).to_have_text("Licensed clinical psychologist (PsyD)")
        expect(page.locator("#qa-now")).to_be_hidden()  # answered: "Now answering" clears live
    ARTIFACTS.mkdir(exist_ok=True)
    sam.screenshot(path=ARTIFACTS / "qa-session.png", full_page=True)

    host.get_by_role("button", name="Close and archive").click()
    sam.goto(session_url + "/archive")
    expect(sam.locator("main")).to_contain_text("slow exhaling")
    assert console_errors == []
