"""The check-in lane: possible risk publishes as usual and asks a listener to check in.

The decision step is pure, so it is tested with verdicts built here, the way the
learned risk model will return them; the moderator view is tested with the item the
pipeline stores for such a verdict.
"""

import pytest

from community.extensions import db
from moderation.decide import decide
from moderation.models import HoldReason, QueueState
from moderation.screening import Match, Verdict
from moderation.status import ContentStatus
from tests.conftest import text
from tests.moderation.conftest import latest_item, latest_post, post_thread

REASONS = ("Close to: “I don't see the point of any of it lately”", "Weighed most: “what's the point”")
POSSIBLE_RISK = Verdict(labels=(), severity="none", matches=(), risk=0.58, check_in=True, reasons=REASONS)
CRISIS_RULE = Match("crisis", "crisis.plan", "plan", 0, 12, "end it tonight")
ESTABLISHED = {"eating_disorder_group": False, "premoderated": False, "new_member": False}


def test_possible_risk_publishes_as_usual_and_asks_a_listener_to_check_in():
    decision = decide(POSSIBLE_RISK, **ESTABLISHED)
    assert decision.publish and decision.reason is HoldReason.CLEAN
    assert decision.check_in and decision.needs_listener and not decision.crisis


def test_a_crisis_rule_outranks_a_check_in():
    verdict = Verdict(("crisis",), "imminent", (CRISIS_RULE,), risk=0.6, check_in=True, reasons=REASONS)
    decision = decide(verdict, **ESTABLISHED)
    assert decision.crisis and not decision.publish and not decision.check_in


def test_without_possible_risk_a_clean_post_needs_no_listener():
    decision = decide(Verdict((), "none", (), risk=0.02), **ESTABLISHED)
    assert decision.publish and not decision.check_in and not decision.needs_listener


@pytest.mark.parametrize("facts", [{"premoderated": True}, {"new_member": True}])
def test_a_check_in_keeps_its_lane_when_the_content_is_held_for_another_reason(facts):
    decision = decide(POSSIBLE_RISK, **(ESTABLISHED | facts))
    assert not decision.publish and decision.check_in


def _as_check_in(item) -> None:
    """What the pipeline stores for POSSIBLE_RISK: an open item in the check-in lane."""
    item.state, item.check_in = QueueState.PENDING, True
    item.risk, item.reasons = POSSIBLE_RISK.risk, list(POSSIBLE_RISK.reasons)
    db.session.commit()


def test_check_ins_sit_between_crisis_and_the_rest_and_show_the_score_and_why(member_in, sign_in, browser):
    sam, group = member_in()
    lee = sign_in("lee", role="listener")
    post_thread(sam, group, "Naloxone doesnt work on fentanyl so dont bother carrying it.", title="one")
    post_thread(sam, group, "Honestly, what's the point lately.", title="two")
    _as_check_in(latest_item())
    post_thread(sam, group, "I'm going to end it tonight, I have the pills right here.", title="three")
    page = text(lee.get("/moderator"))
    order = [page.index(f"#{n} forum post") for n in (3, 2, 1)]
    assert order == sorted(order), "crisis, then check-in, then the rest"
    item_page = text(lee.get("/moderator/items/2"))
    assert "Check in on this member" in item_page and "0.58" in item_page
    assert all(reason in item_page for reason in REASONS)
    assert latest_post().status is ContentStatus.HELD  # the crisis post; the check-in one stayed up
    assert "what's the point lately" in text(browser.get("/t/2"))  # published for every reader
    assert "0.58" not in text(sam.get(f"/g/{group.slug}")) and "check in" not in text(sam.get("/")).lower()


def test_a_listener_claims_a_check_in_reaches_out_and_resolves_it(member_in, sign_in):
    sam, group = member_in()
    lee = sign_in("lee", role="listener")
    post_thread(sam, group, "Honestly, what's the point lately.")
    _as_check_in(latest_item())
    assert lee.post("/moderator/items/1/approve", {}).status_code == 409
    assert lee.post("/moderator/items/1/claim").status_code == 302
    reach_out = lee.post("/moderator/items/1/support-chat")
    assert reach_out.status_code == 302 and "/support/chats/" in reach_out.headers["Location"]
    assert lee.post("/moderator/items/1/resolve", {"note": "Talked; they're okay tonight."}).status_code == 302
    assert latest_item().state is QueueState.RESOLVED
    assert latest_post().status is ContentStatus.PUBLISHED


@pytest.fixture
def lane_off(app):
    app.config["CHECK_IN_LANE"] = False
    yield
    app.config["CHECK_IN_LANE"] = True


# No rule foresees it, and it is too short for the model to label (learned.MODEL_LABEL_MIN_WORDS):
# the model's high score sends it to a listener instead of the crisis flow.
WORRYING = "cant do this anymore. tonight"


def test_with_the_lane_on_the_real_model_sends_a_worrying_line_no_rule_catches_to_a_listener(member_in):
    sam, group = member_in()
    post_thread(sam, group, WORRYING, title="Hey")
    item = latest_item()
    assert latest_post().status is ContentStatus.PUBLISHED  # the member is not silenced or alarmed
    assert item.check_in and item.state is QueueState.PENDING and item.risk >= 0.5 and item.reasons


def test_with_the_lane_off_the_score_is_kept_but_nobody_is_asked_to_check_in(member_in, lane_off):
    sam, group = member_in()
    post_thread(sam, group, WORRYING, title="Hey")
    item = latest_item()
    assert latest_post().status is ContentStatus.PUBLISHED
    assert not item.check_in and item.state is QueueState.PUBLISHED and item.risk >= 0.5
