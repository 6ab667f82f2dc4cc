"""Every write has a per-member allowance (smaller for accounts that have not taken part yet),
and sign-ups one per address: bursts get a clear 429 and store nothing past the allowance."""

from __future__ import annotations

import sqlalchemy as sa

from community.accounts import service as accounts
from community.accounts.models import User
from community.extensions import db
from community.forum import service as forum
from community.forum.models import Post
from community.qa import service as qa
from community.qa.models import Question
from tests.conftest import PASSWORD, text


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _thread_for(browser, make_group, username="sam"):
    group = make_group()
    browser.post(f"/g/{group.slug}/join")
    thread, _ = forum.start_thread(accounts.find_by_username(username), group, "Evenings", "How are yours?")
    return thread


def test_forty_quick_replies_stop_at_the_allowance_with_a_clear_message(sign_in, make_group):
    sam = sign_in("sam")
    thread = _thread_for(sam, make_group)
    statuses = [sam.post(f"/t/{thread.id}/reply", {"body": f"Reply {n}"}).status_code for n in range(40)]
    assert statuses == [302] * 20 + [429] * 20
    refused = sam.post(f"/t/{thread.id}/reply", {"body": "One more, kept in the box"})
    assert "replying quickly" in text(refused) and "One more, kept in the box" in text(refused)
    assert _count(Post) == 21  # the opening post and twenty replies


def test_a_new_account_replies_more_slowly_until_it_has_taken_part(sign_in, make_group):
    newcomer = sign_in("sam", trusted=False)
    thread = _thread_for(newcomer, make_group)
    statuses = [newcomer.post(f"/t/{thread.id}/reply", {"body": f"Reply {n}"}).status_code for n in range(8)]
    assert statuses == [302] * 5 + [429] * 3


def test_one_address_cannot_make_fifteen_accounts(browser):
    assert browser.post("/signup", {"username": "x", "password": PASSWORD}).status_code == 400  # not counted
    statuses = [browser.post("/signup", {"username": f"puppet{n}", "password": PASSWORD}).status_code
                for n in range(15)]  # fmt: skip
    assert statuses == [302] * 5 + [429] * 10 and _count(User) == 5


def test_quick_questions_over_the_socket_stop_at_the_allowance(clinic, sign_in, member_of, connect):
    room = clinic()
    qa.open_session(room.host_user, room.session)
    asker = connect(room.member(sign_in, member_of, "sam"))
    acks = [asker.emit("ask_question", {"session": room.id, "body": f"Question {n}?"}) for n in range(40)]
    assert [a["ok"] for a in acks] == [True] * 10 + [False] * 30
    assert acks[-1]["error"].startswith("You're asking quickly")
    assert _count(Question) == 10


def test_a_new_account_cannot_flood_votes(clinic, sign_in, member_of, connect):
    room = clinic()
    qa.open_session(room.host_user, room.session)
    question, _ = qa.ask_question(room.host_user, room.session, "Does sleep help?", anonymous=False)
    voter = connect(room.member(sign_in, member_of, "sam", trusted=False))
    acks = [voter.emit("vote_question" if n % 2 == 0 else "unvote_question", {"question": question.id})
            for n in range(20)]  # fmt: skip
    assert [a["ok"] for a in acks] == [True] * 10 + [False] * 10
