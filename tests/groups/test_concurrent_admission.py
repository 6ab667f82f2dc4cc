"""Two listeners deciding one request at the same moment, and two people racing for an invitation's
last use: exactly one wins each time (one guarded UPDATE, on real PostgreSQL)."""

from __future__ import annotations

import os
import threading

import pytest
import sqlalchemy as sa

from community.accounts.models import User
from community.errors import Conflict, InvalidInput
from community.extensions import db
from community.groups import service
from community.groups.models import Group, JoinRequest, Membership, RequestState

pytestmark = pytest.mark.skipif(not os.environ.get("KINDRED_TEST_POSTGRES"), reason="needs PostgreSQL")


def _at_once(app, jobs) -> list[str]:
    """Run each job (a function of nothing) in its own thread and app context, released together."""
    barrier, outcomes = threading.Barrier(len(jobs)), []

    def run(job) -> None:
        with app.app_context():
            try:
                barrier.wait()
                outcomes.append(job())
            except (Conflict, InvalidInput):
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return sorted(outcomes)


def test_two_listeners_deciding_at_once_one_decision_stands(app, make_user, make_group):
    group = make_group(is_public=False)
    sam = make_user("sam")
    request_id = service.ask_to_join(sam, group).id
    lee_id, kai_id = make_user("lee", "listener").id, make_user("kai", "listener").id
    group_id, sam_id = group.id, sam.id
    db.session.remove()

    def decide(listener_id: int, approve: bool):
        def job() -> str:
            service.decide_request(db.session.get(User, listener_id), db.session.get(JoinRequest, request_id),
                                   approve=approve)  # fmt: skip
            return "decided"

        return job

    assert _at_once(app, [decide(lee_id, True), decide(kai_id, False)]) == ["decided", "refused"]
    state = db.session.get(JoinRequest, request_id).state
    is_member = db.session.get(Membership, (sam_id, group_id)) is not None
    assert state in (RequestState.APPROVED, RequestState.DECLINED)
    assert is_member == (state is RequestState.APPROVED)


def test_two_people_racing_for_an_invitations_last_use_one_gets_in(app, make_user, make_group):
    group = make_group(is_public=False)
    token = service.create_invitation(make_user("lee", "listener"), group, days=1, max_uses=1)
    people = [make_user(f"person{n}").id for n in range(4)]
    group_id = group.id
    db.session.remove()

    def accept(user_id: int):
        def job() -> str:
            service.accept_invitation(db.session.get(User, user_id), db.session.get(Group, group_id), token)
            return "in"

        return job

    assert _at_once(app, [accept(person) for person in people]) == ["in"] + ["refused"] * 3
    members = sa.select(sa.func.count()).select_from(Membership).where(Membership.group_id == group_id)
    assert db.session.scalar(members) == 1
