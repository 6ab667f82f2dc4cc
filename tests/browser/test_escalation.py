"""An unclaimed crisis turns red on an open moderator view, live: the row and the count, no reload."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import handle_of, join_group, new_member

CRISIS = "I've been hoarding my pills and I'm going to kill myself tonight. Nobody will miss me."


def _age_latest_crisis_of(live_server, username: str) -> int:
    """Make the member's crisis look ten minutes old, past CRISIS_ESCALATE_AFTER (3 min)."""
    with closing(sqlite3.connect(live_server.instance_path / "kindred.sqlite3")) as db, db:
        (item_id,) = db.execute(
            "SELECT q.id FROM queue_items q JOIN users u ON u.id = q.author_id"
            " WHERE u.username = ? AND q.is_crisis ORDER BY q.id DESC LIMIT 1",
            (username,),
        ).fetchone()
        db.execute("UPDATE queue_items SET alerted_at = datetime('now', '-10 minutes'),"
                   " created_at = datetime('now', '-10 minutes') WHERE id = ?", (item_id,))  # fmt: skip
    return item_id


@pytest.mark.browser
def test_an_escalating_crisis_turns_its_row_and_the_count_red_on_an_open_queue(live_server, new_context,
                                                                               console_errors):  # fmt: skip
    member, username, _ = new_member(new_context, "Dana")
    join_group(member, "Depression Support")
    member.get_by_role("link", name="Start a thread").click()
    member.get_by_label("Title").fill("Tonight")
    member.get_by_label("What would you like to say?").fill(CRISIS)
    member.get_by_role("button", name="Post thread").click()
    expect(member).to_have_url(re.compile(r"/crisis$"))

    listener, listener_username, _ = new_member(new_context, "Lee")
    live_server.flask("grant-role", listener_username, "listener")
    listener.goto("/moderator")  # off duty: escalation reaches every listener signed in
    row = listener.locator("#queue-rows tr", has_text=handle_of(live_server, username))
    expect(row).not_to_have_class(re.compile(r"\bescalated\b"))
    banner = listener.locator("#escalated-banner")

    item_id = _age_latest_crisis_of(live_server, username)
    # The server checks every 5 s (a tenth of 3 min, at most 5 s); the page is not reloaded.
    expect(row).to_have_class(re.compile(r"\bescalated\b"), timeout=10_000)
    assert row.get_attribute("data-item") == str(item_id)
    expect(row.locator(".tag-escalated")).to_have_text("unclaimed, escalated")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(re.compile(r"^\d+ crisis items? waited past 3 min with nobody claiming"))
