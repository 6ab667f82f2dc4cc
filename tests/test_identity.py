"""One reading of ids and flags for routes and events: a number no row can have is
"not found", never a database error; a yes/no that is neither is refused, not guessed.
(Bylines and aliases are tested where they show: tests/test_anonymity.py, tests/qa.)"""

from __future__ import annotations

import pytest

from community.errors import InvalidInput
from community.identity import MAX_ID, parse_flag, parse_id
from tests.conftest import text

TOO_BIG = [MAX_ID + 1, 2**64, 10**30]

ROUTES = [
    ("get", "/t/{}"), ("post", "/t/{}/reply"), ("get", "/p/{}/edit"), ("post", "/p/{}/delete"),
    ("get", "/p/{}/report"), ("get", "/api/threads/{}"), ("get", "/qa/{}"), ("get", "/qa/{}/archive"),
    ("post", "/qa/{}/questions"), ("post", "/qa/{}/remind"), ("post", "/qa/1/questions/{}/vote"),
    ("get", "/support/chats/{}"), ("post", "/moderator/items/{}/support-chat"), ("get", "/moderator/items/{}"),
    ("post", "/moderator/items/{}/claim"), ("post", "/moderator/items/{}/approve"),
]  # fmt: skip


@pytest.mark.parametrize("number", TOO_BIG)
def test_an_id_no_row_can_have_is_a_clean_404_on_every_route(sign_in, number):
    lee = sign_in("lee", role="listener")
    for method, url in ROUTES:
        response = getattr(lee, method)(url.format(number))
        assert response.status_code == 404, (url, response.status_code)
        assert "Something went wrong" not in text(response), url


EVENTS = [
    ("watch_thread", "thread"), ("join_session", "session"), ("vote_question", "question"),
    ("join_support_chat", "chat"), ("claim_item", "item"), ("remove_message", "message"),
]  # fmt: skip


def test_an_id_no_row_can_have_is_not_found_in_every_event(sign_in, connect, make_group):
    lee = connect(sign_in("lee", role="listener"))
    group = make_group()
    for number in TOO_BIG:
        for event, field in EVENTS:
            ack = lee.emit(event, {field: number})
            assert ack["ok"] is False and "couldn't find" in ack["error"], (event, ack)
        ack = lee.emit("load_history", {"group": group.slug, "before": number})
        assert ack["ok"] is False and "couldn't find" in ack["error"], ack


def test_the_largest_id_is_still_an_id_and_booleans_never_are():
    assert parse_id(MAX_ID) == MAX_ID and parse_id(MAX_ID + 1) is None
    assert parse_id(True) is None and parse_id("7") is None and parse_id(7.0) is None and parse_id(-1) is None


def test_a_flag_is_true_or_false_and_nothing_else():
    assert parse_flag(True, "anonymous") is True and parse_flag(False, "anonymous") is False
    for value in ("yes", 1, None, "true"):
        with pytest.raises(InvalidInput, match="anonymous must be true or false"):
            parse_flag(value, "anonymous")
