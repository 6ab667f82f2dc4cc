"""Private groups admit a member only when a listener or admin says yes, or through an invitation
link; until then, and after a "no", the group's threads and chat stay closed to them."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from community.accounts import service as accounts
from community.accounts.models import utcnow
from community.extensions import db
from community.forum import service as forum
from community.groups import access
from community.groups.models import Invitation, JoinRequest, Membership, RequestState
from tests.conftest import text


def _requests() -> list[JoinRequest]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(JoinRequest).order_by(JoinRequest.id)))


def _is_member(username: str, group) -> bool:
    db.session.expire_all()
    return db.session.get(Membership, (accounts.find_by_username(username).id, group.id)) is not None


@pytest.fixture
def private(make_group, make_user, member_of):
    """A private group with one thread by kim, its only member."""
    group = make_group("carers", is_public=False)
    kim = make_user("kim")
    member_of(kim, group)
    thread, _ = forum.start_thread(kim, group, "Members only", "Only for us.")
    return group, thread


def _cannot_read(browser, live, group, thread) -> None:
    assert browser.get(f"/t/{thread.id}").status_code == 404
    assert browser.get(f"/api/groups/{group.slug}/threads").status_code == 404
    assert "Members only" not in text(browser.get(f"/g/{group.slug}"))
    assert browser.get(f"/g/{group.slug}/chat").status_code == 404
    assert live.emit("join_chat", {"group": group.slug})["ok"] is False
    assert live.emit("watch_thread", {"thread": thread.id})["ok"] is False


def _decide(browser, group, request_id, decision):
    return browser.post(f"/g/{group.slug}/join-requests/{request_id}/{decision}")


def test_asking_to_join_a_private_group_waits_for_a_listener_and_opens_nothing(private, sign_in, connect):
    group, thread = private
    sam = sign_in("sam")
    live = connect(sam)
    response = sam.post(f"/g/{group.slug}/join", {"note": "My sister has anorexia."})
    assert response.status_code == 302
    assert "is with the listeners" in text(sam.get(f"/g/{group.slug}"))
    [pending] = _requests()
    assert (pending.state, pending.note) == (RequestState.PENDING, "My sister has anorexia.")
    assert not _is_member("sam", group)
    _cannot_read(sam, live, group, thread)
    assert sam.post(f"/g/{group.slug}/join", {"note": "Again"}).status_code == 302
    assert len(_requests()) == 1  # asking twice is one request


def test_a_listener_lets_a_member_in_once_and_the_member_hears_of_it(private, sign_in, connect):
    group, thread = private
    sam = sign_in("sam", display_name="Sam")
    live = connect(sam)
    sam.post(f"/g/{group.slug}/join", {"note": "I care for my son."})
    [pending] = _requests()
    lee, alex = sign_in("lee", role="listener"), sign_in("alex", role="admin")
    page = text(lee.get("/moderator/join-requests"))
    assert "I care for my son." in page and group.name in page
    assert "1 waiting" in text(lee.get(f"/g/{group.slug}"))

    assert _decide(lee, group, pending.id, "approve").status_code == 302
    [notice] = live.events("notification_added")
    assert notice["kind"] == "join_approved" and group.name in notice["text"]
    assert _is_member("sam", group)
    assert sam.get(f"/t/{thread.id}").status_code == 200
    assert live.emit("join_chat", {"group": group.slug})["ok"]

    # A second decision, by anyone, is refused and changes nothing.
    assert _decide(alex, group, pending.id, "decline").status_code == 409
    assert _decide(lee, group, pending.id, "approve").status_code == 409
    assert [r.state for r in _requests()] == [RequestState.APPROVED]
    assert _is_member("sam", group)
    assert "No requests waiting." in text(lee.get("/moderator/join-requests"))


def test_a_declined_member_still_cannot_read_the_group_or_its_chat(private, sign_in, connect):
    group, thread = private
    sam = sign_in("sam")
    live = connect(sam)
    sam.post(f"/g/{group.slug}/join")
    [pending] = _requests()
    assert _decide(sign_in("lee", role="listener"), group, pending.id, "decline").status_code == 302
    [notice] = live.events("notification_added")
    assert notice["kind"] == "join_declined" and "not accepted" in notice["text"]
    assert not _is_member("sam", group)
    _cannot_read(sam, live, group, thread)
    assert sam.post(f"/g/{group.slug}/new", {"title": "Hi", "body": "Let me in."}).status_code == 404


def test_only_listeners_and_admins_decide_and_only_for_the_group_the_request_is_for(
    private, sign_in, make_group, connect
):
    group, thread = private
    other = make_group("other-private", is_public=False)
    sam = sign_in("sam")
    sam.post(f"/g/{group.slug}/join")
    [pending] = _requests()
    for username, role in (("mira", "member"), ("dr_o", "clinician")):
        someone = sign_in(username, role=role)
        assert _decide(someone, group, pending.id, "approve").status_code == 403
        assert someone.get("/moderator/join-requests").status_code == 403
    assert _decide(sam, group, pending.id, "approve").status_code == 403  # not even one's own
    lee = sign_in("lee", role="listener")
    assert _decide(lee, other, pending.id, "approve").status_code == 404
    assert _decide(lee, group, 999999, "approve").status_code == 404
    assert [r.state for r in _requests()] == [RequestState.PENDING]
    assert not _is_member("sam", group) and not _is_member("sam", other)


def test_public_groups_still_admit_at_once_and_staff_join_private_ones_directly(private, sign_in, make_group):
    group, _ = private
    open_group = make_group("open")
    sam = sign_in("sam")
    assert sam.post(f"/g/{open_group.slug}/join").status_code == 302
    assert _is_member("sam", open_group)
    assert sign_in("lee", role="listener").post(f"/g/{group.slug}/join").status_code == 302
    assert _is_member("lee", group) and _requests() == []


@pytest.mark.parametrize("note", ["x" * 301, "Hello\x00there", "Bell\x07"])
def test_a_note_too_long_or_with_control_characters_is_refused_and_nothing_stored(private, sign_in, note):
    group, _ = private
    sam = sign_in("sam")
    assert sam.post(f"/g/{group.slug}/join", {"note": note}).status_code == 400
    assert _requests() == []


def test_requests_are_rate_limited_per_member(private, sign_in, make_group):
    groups = [make_group(f"private-{n}", is_public=False) for n in range(6)]
    sam = sign_in("sam")
    statuses = [sam.post(f"/g/{g.slug}/join").status_code for g in groups]
    assert statuses == [302] * 5 + [429]
    assert len(_requests()) == 5


def _make_link(browser, group, days="7", max_uses="1") -> str:
    response = browser.post(f"/g/{group.slug}/invitations", {"days": days, "max_uses": max_uses})
    assert response.status_code == 200, text(response)
    link = re.search(r'value="(http://[^"]+/invite/[^"]+)"', text(response)).group(1)
    return link.split("localhost", 1)[1]


def test_an_invitation_link_admits_its_holder_and_is_stored_only_hashed(private, sign_in, connect):
    group, thread = private
    path = _make_link(sign_in("lee", role="listener"), group, max_uses="2")
    token = path.rsplit("/", 1)[1]
    [invitation] = db.session.scalars(sa.select(Invitation)).all()
    assert invitation.token_hash != token and token not in invitation.token_hash

    sam = sign_in("sam")
    sam.post(f"/g/{group.slug}/join")  # a request waiting is answered by the invitation
    assert f"Join {group.name}" in text(sam.get(path))
    assert sam.post(path).status_code == 302
    assert _is_member("sam", group) and sam.get(f"/t/{thread.id}").status_code == 200
    assert [r.state for r in _requests()] == [RequestState.APPROVED]
    assert access.pending_requests() == []


def test_a_used_up_expired_or_misdirected_invitation_admits_nobody(private, sign_in, make_group):
    group, thread = private
    other = make_group("other-private", is_public=False)
    lee = sign_in("lee", role="listener")
    once, later = _make_link(lee, group), _make_link(lee, group, max_uses="5")
    assert sign_in("sam").post(once).status_code == 302

    ash = sign_in("ash")
    refused = ash.post(once)
    assert refused.status_code == 400 and "expired or has been used up" in text(refused)
    assert ash.get(once).status_code == 400
    assert ash.post(later.replace(group.slug, other.slug)).status_code == 400  # the token of another group
    db.session.execute(sa.update(Invitation).values(expires_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    assert ash.post(later).status_code == 400
    assert ash.post(f"/g/{group.slug}/invite/not-a-token").status_code == 400
    assert not _is_member("ash", group) and not _is_member("ash", other)
    assert ash.get(f"/t/{thread.id}").status_code == 404
    db.session.expire_all()
    assert sorted(i.uses for i in db.session.scalars(sa.select(Invitation))) == [0, 1]


def test_members_cannot_make_invitations(private, sign_in):
    group, _ = private
    sam = sign_in("sam")
    assert sam.post(f"/g/{group.slug}/invitations", {"days": "7", "max_uses": "1"}).status_code == 403
    assert db.session.scalars(sa.select(Invitation)).all() == []


def test_a_members_own_export_holds_their_requests_and_notes_and_no_listeners_name(private, sign_in):
    from tests.accounts.test_export_and_deletion import export_of

    group, _ = private
    sam = sign_in("sam")
    sam.post(f"/g/{group.slug}/join", {"note": "My partner is in recovery."})
    [pending] = _requests()
    _decide(sign_in("lee", role="listener", display_name="Leena"), group, pending.id, "decline")
    data = json.loads(export_of(sam).read("data.json"))
    assert [(r["group"], r["note"], r["state"]) for r in data["join_requests"]] == [
        (group.name, "My partner is in recovery.", "declined")
    ]
    assert "Leena" not in json.dumps(data) and "lee" not in json.dumps(data["join_requests"])
