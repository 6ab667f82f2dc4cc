"""The screener suggests a content warning to an author once, before posting (issue 14 item 5).

Texts here are chosen so the real screener finds what each test names: the suggestion comes from
its verdict (rule kinds and the risk model's nearest examples), never from a copy of its rules.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from community.extensions import db
from community.forum.models import Post, Thread
from moderation.screening import screen
from tests.conftest import text

SUBSTANCE = "I relapsed last night after 90 days sober and I feel so ashamed of myself right now."
SELF_HARM = "Cutting urges were bad today but I used my ice cube trick and rode it out."
BODY_NUMBERS = "I ate 400 calories today and weigh 45kg, my goal weight is 40kg."
CRISIS = "I want to kill myself tonight, I have the pills ready"
CALM = "Had a lovely walk today, feeling calmer."


def _preselected(page: str) -> str | None:
    select = re.search(r'<select[^>]*name="warning".*?</select>', page, re.S).group(0)
    chosen = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', select)
    return (chosen.group(1) or chosen.group(2)) if chosen else None


@pytest.fixture
def quinn_in_group(sign_in, make_group):
    quinn = sign_in("quinn")
    group = make_group()
    quinn.post(f"/g/{group.slug}/join")
    return quinn, group


def _posts() -> list[Post]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Post).order_by(Post.id)))


@pytest.mark.parametrize(("body", "topic", "label"), [
    (SUBSTANCE, "substance-use", "Substance use"),
    (SELF_HARM, "self-harm", "Self-harm"),
    (BODY_NUMBERS, "eating-disorders", "Eating disorders"),
])  # fmt: skip
def test_a_new_thread_on_a_hard_topic_comes_back_once_with_a_suggested_warning(quinn_in_group, body, topic, label):
    quinn, group = quinn_in_group
    response = quinn.post(f"/g/{group.slug}/new", {"title": "Last night", "body": body})
    page = text(response)
    assert response.status_code == 200 and _posts() == []  # nothing stored yet
    assert f"Would you like to fold this behind a content warning? Suggested topic: {label}." in page
    assert _preselected(page) == topic
    assert body in page and 'value="Last night"' in page  # the text is kept
    assert 'name="warning_offered" type="hidden" value="1"' in page


@pytest.mark.parametrize("chosen", ["substance-use", ""])
def test_posting_again_goes_through_with_the_warning_or_without_it(quinn_in_group, chosen):
    quinn, group = quinn_in_group
    quinn.post(f"/g/{group.slug}/new", {"title": "Last night", "body": SUBSTANCE})
    again = {"title": "Last night", "body": SUBSTANCE, "warning": chosen, "warning_offered": "1"}
    assert quinn.post(f"/g/{group.slug}/new", again).status_code == 302
    assert [(p.warning, p.body) for p in _posts()] == [(chosen or None, SUBSTANCE)]


def test_a_reply_on_a_hard_topic_is_offered_a_warning_and_then_goes_as_chosen(quinn_in_group):
    quinn, group = quinn_in_group
    quinn.post(f"/g/{group.slug}/new", {"title": "Checking in", "body": CALM})
    thread_id = db.session.scalar(sa.select(Thread.id))
    response = quinn.post(f"/t/{thread_id}/reply", {"body": SELF_HARM})
    page = text(response)
    assert response.status_code == 200 and len(_posts()) == 1
    assert "Suggested topic: Self-harm." in page and _preselected(page) == "self-harm"
    assert 'href="#warning-offer"' in page  # the form is at the foot of the thread: the top points to it
    assert SELF_HARM in page
    again = quinn.post(f"/t/{thread_id}/reply", {"body": SELF_HARM, "warning": "", "warning_offered": "1"})
    assert again.status_code == 302
    assert [p.warning for p in _posts()] == [None, None]


def test_a_chosen_warning_or_calm_text_is_posted_at_once(quinn_in_group):
    quinn, group = quinn_in_group
    assert quinn.post(f"/g/{group.slug}/new", {"title": "Walk", "body": CALM}).status_code == 302
    chosen = quinn.post(f"/g/{group.slug}/new", {"title": "Hard", "body": SELF_HARM, "warning": "abuse"})
    assert chosen.status_code == 302
    assert [p.warning for p in _posts()] == [None, "abuse"]


def test_a_crisis_goes_the_crisis_way_at_once_without_a_suggestion(quinn_in_group):
    quinn, group = quinn_in_group
    assert screen(CRISIS).has("crisis")
    response = quinn.post(f"/g/{group.slug}/new", {"title": "Tonight", "body": CRISIS})
    assert response.status_code == 302 and response.headers["Location"].startswith("/crisis")
    assert [p.warning for p in _posts()] == [None]
