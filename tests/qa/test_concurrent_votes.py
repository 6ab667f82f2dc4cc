"""Many members voting at the same moment: every vote is counted exactly once (real PostgreSQL)."""

from __future__ import annotations

import os
import threading

import pytest

from community.accounts.models import User
from community.errors import Conflict
from community.extensions import db
from community.qa import service
from community.qa.models import Question

pytestmark = pytest.mark.skipif(not os.environ.get("KINDRED_TEST_POSTGRES"), reason="needs PostgreSQL")


def test_concurrent_votes_from_many_members_are_all_counted_once(app, clinic, make_user, member_of):
    c = clinic()
    voters = [make_user(f"voter{i}") for i in range(6)]
    for voter in voters:
        member_of(voter, c.group)
    question, _ = service.ask_question(voters[0], c.session, "Counted once?")
    question_id, voter_ids = question.id, [v.id for v in voters]
    db.session.remove()
    barrier = threading.Barrier(len(voter_ids) * 2)
    outcomes: list[str] = []

    def vote(voter_id: int) -> None:
        with app.app_context():
            voter, q = db.session.get(User, voter_id), db.session.get(Question, question_id)
            barrier.wait()
            try:
                service.vote(voter, q)
                outcomes.append("ok")
            except Conflict:
                outcomes.append("again")
            finally:
                db.session.remove()

    # Each member votes twice at once: one of the pair wins, the other is told they already voted.
    threads = [threading.Thread(target=vote, args=(v,)) for v in voter_ids for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["again"] * 6 + ["ok"] * 6
    assert db.session.get(Question, question_id).votes == 6
