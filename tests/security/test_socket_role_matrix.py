"""Every Socket.IO event, for every role, on the member's own places and on someone else's.

The table is the live access policy, read in one place, like tests/test_role_matrix.py for
routes. "ok" is an ack with ``ok: true``; "no" an ack with ``ok: false`` and a message (never
"something went wrong"). An event the server handles that the table does not list fails
``test_the_matrix_lists_every_event``: a new event arrives with its row.

Visitors get no socket at all (``test_a_visitor_gets_no_socket``), so their column is left out.
"ours" is a private group the role belongs to; "theirs" a private group it does not. Sessions
are hosted by another clinician, so only admins act as host. Rows run in order on one stage
per role; a row that changes something (closing, removing, blocking) uses a place of its own.
"""

# ruff: noqa: E501 (the matrix is a table: one row per line reads best)
from __future__ import annotations

from datetime import timedelta
from typing import NamedTuple

import pytest

from community.accounts import service as accounts
from community.accounts.models import utcnow
from community.chat import service as chat
from community.extensions import db, socketio
from community.forum import service as forum
from community.groups import service as groups
from community.notifications import service as notifications
from community.notifications.models import Kind
from community.qa import service as qa
from community.support import service as support
from moderation import duty
from tests.conftest import LiveClient

ROLES = ("member", "listener", "clinician", "admin")
USERNAMES = {"member": "mira", "listener": "lee", "clinician": "okafor", "admin": "alex"}


class Row(NamedTuple):
    event: str
    payload: dict
    expected: tuple  # one outcome per role, in ROLES order

    def __str__(self) -> str:
        return f"{self.event} {self.payload}"


def row(event, payload, *expected) -> Row:
    return Row(event, payload, expected)


#       event                   payload (placeholders filled per stage)                  member listener clinician admin
MATRIX = [
    row("watch_thread",         {"thread": "{thread_ours}"},                              "ok", "ok", "ok", "ok"),
    row("watch_thread",         {"thread": "{thread_theirs}"},                            "no", "ok", "no", "ok"),
    row("react",                {"post": "{post_ours}", "kind": "hear"},                  "ok", "ok", "ok", "ok"),
    row("react",                {"post": "{post_theirs}", "kind": "hear"},                "no", "ok", "no", "ok"),
    row("join_chat",            {"group": "{ours}"},                                      "ok", "ok", "ok", "ok"),
    row("join_chat",            {"group": "{theirs}"},                                    "no", "ok", "no", "ok"),
    row("load_history",         {"group": "{ours}"},                                      "ok", "ok", "ok", "ok"),
    row("load_history",         {"group": "{theirs}"},                                    "no", "ok", "no", "ok"),
    row("typing",               {"group": "{ours}"},                                      "ok", "ok", "ok", "ok"),
    row("typing",               {"group": "{theirs}"},                                    "no", "ok", "no", "ok"),
    row("send_message",         {"group": "{ours}", "body": "Evening, all."},             "ok", "ok", "ok", "ok"),
    row("send_message",         {"group": "{theirs}", "body": "Let me in."},              "no", "no", "no", "no"),
    row("leave_chat",           {"group": "{ours}"},                                      "ok", "ok", "ok", "ok"),
    row("leave_chat",           {"group": "{theirs}"},                                    "no", "ok", "no", "ok"),
    row("remove_message",       {"message": "{message_ours}"},                            "no", "ok", "no", "ok"),
    row("remove_message",       {"message": "{message_theirs}"},                          "no", "ok", "no", "ok"),
    row("mute_member",          {"message": "{message_ours_b}", "minutes": 10},           "no", "ok", "no", "ok"),
    row("set_slow_mode",        {"group": "{ours}", "seconds": 10},                       "no", "ok", "no", "ok"),
    row("set_slow_mode",        {"group": "{theirs}", "seconds": 10},                     "no", "ok", "no", "ok"),
    row("join_session",         {"session": "{session_ours}"},                            "ok", "ok", "ok", "ok"),
    row("join_session",         {"session": "{session_theirs}"},                          "no", "ok", "no", "ok"),
    row("ask_question",         {"session": "{session_ours}", "body": "Does sleep help?"}, "ok", "ok", "ok", "ok"),
    row("ask_question",         {"session": "{session_theirs}", "body": "Let me in?"},    "no", "no", "no", "no"),
    row("vote_question",        {"question": "{question_ours}"},                          "ok", "ok", "ok", "ok"),
    row("vote_question",        {"question": "{question_theirs}"},                        "no", "no", "no", "no"),
    row("unvote_question",      {"question": "{question_ours}"},                          "ok", "ok", "ok", "ok"),
    row("unvote_question",      {"question": "{question_theirs}"},                        "no", "no", "no", "no"),
    row("pick_question",        {"question": "{question_ours}"},                          "no", "no", "no", "ok"),
    row("answer_question",      {"question": "{question_ours}", "body": "Often, yes."},   "no", "no", "no", "ok"),
    row("mark_question",        {"question": "{question_ours}", "state": "answered"},     "no", "no", "no", "ok"),
    row("remove_question",      {"question": "{question_ours_b}"},                        "no", "no", "no", "ok"),
    row("remove_question",      {"question": "{question_theirs}"},                        "no", "no", "no", "ok"),
    row("open_session",         {"session": "{scheduled_ours}"},                          "no", "no", "no", "ok"),
    row("close_session",        {"session": "{closable_ours}"},                           "no", "no", "no", "ok"),
    row("leave_session",        {"session": "{session_ours}"},                            "ok", "ok", "ok", "ok"),
    row("leave_session",        {"session": "{session_theirs}"},                          "no", "ok", "no", "ok"),
    row("go_on_duty",           {},                                                       "no", "ok", "no", "ok"),
    row("alert_seen",           {"item": "{crisis_item}"},                                "no", "ok", "no", "ok"),
    row("alert_seen",           {"item": "{thread_ours}"},                                "no", "no", "no", "no"),
    row("claim_item",           {"item": "{crisis_item}"},                                "no", "ok", "no", "ok"),
    row("go_off_duty",          {},                                                       "no", "ok", "no", "ok"),
    row("crisis_status",        {},                                                       "ok", "ok", "ok", "ok"),  # the asker's own alert only
    row("accept_request",       {"request": "{request_theirs}"},                          "no", "ok", "no", "ok"),
    row("cancel_request",       {"request": "{request_theirs_b}"},                        "no", "no", "no", "no"),
    row("join_support_chat",    {"chat": "{chat_ours}"},                                  "ok", "ok", "ok", "ok"),
    row("join_support_chat",    {"chat": "{chat_theirs}"},                                "no", "no", "no", "ok"),
    row("send_support_message", {"chat": "{chat_ours}", "body": "Thank you."},            "ok", "ok", "ok", "ok"),
    row("send_support_message", {"chat": "{chat_theirs}", "body": "Hello?"},              "no", "no", "no", "no"),
    row("end_support_chat",     {"chat": "{chat_theirs}"},                                "no", "no", "no", "ok"),
    row("end_support_chat",     {"chat": "{chat_ours}"},                                  "ok", "ok", "ok", "ok"),
    row("support_status",       {},                                                       "ok", "ok", "ok", "ok"),
    row("request_listener",     {},                                                       "ok", "ok", "ok", "ok"),
    row("mark_notifications_read", {},                                                    "ok", "ok", "ok", "ok"),
    row("mark_notifications_read", {"ids": "{notice_ids_theirs}"},                        "ok", "ok", "ok", "ok"),
    row("dismiss_notification", {"notification": "{notice_theirs}"},                      "no", "no", "no", "no"),
    row("dismiss_notification", {"notification": "{notice_ours}"},                        "ok", "ok", "ok", "ok"),
    row("block_author",         {"message": "{message_theirs}"},                          "no", "ok", "no", "ok"),
    row("block_author",         {"message": "{message_ours}"},                            "ok", "ok", "ok", "ok"),
]  # fmt: skip

NOT_CLIENT_EVENTS = {"connect", "disconnect", "*"}


def test_the_matrix_lists_every_event(app):
    handled = set(socketio.server.handlers["/"]) - NOT_CLIENT_EVENTS
    listed = {r.event for r in MATRIX}
    assert handled - listed == set(), "events missing from MATRIX: add a row for each role"
    assert listed - handled == set(), "MATRIX lists events that no longer exist"


def test_a_visitor_gets_no_socket(app, browser):
    assert not LiveClient(app, browser).is_connected()


def _qa_places(host, kim, ours, theirs) -> dict:
    def live(group, title):
        session = qa.schedule_session(host, group, title=title, description="", duration_minutes=60,
                                      starts_at=utcnow() + timedelta(hours=1))  # fmt: skip
        qa.open_session(host, session)
        return session

    session_ours, session_theirs, closable = live(ours, "Sleep"), live(theirs, "Theirs"), live(ours, "Closable")
    scheduled = qa.schedule_session(host, ours, title="Later", description="", duration_minutes=60,
                                    starts_at=utcnow() + timedelta(days=1))  # fmt: skip
    ask = lambda session, body: qa.ask_question(kim, session, body, anonymous=False)[0].id  # noqa: E731
    return {"session_ours": session_ours.id, "session_theirs": session_theirs.id, "closable_ours": closable.id,
            "scheduled_ours": scheduled.id, "question_ours": ask(session_ours, "Does rest help?"),
            "question_ours_b": ask(session_ours, "And naps?"), "question_theirs": ask(session_theirs, "Ours?")}  # fmt: skip


def _support_places(actor, make_user) -> dict:
    helper, kim_b, ash, bo = (make_user(n, r) for n, r in (("helper", "listener"), ("kimb", "member"),
                                                           ("ash", "member"), ("bob", "member")))  # fmt: skip
    duty.go_on_duty(helper, "matrix-duty-socket")  # a listener on duty, so requests can be made
    chat_ours = support.accept_request(helper, support.request_listener(actor))
    chat_theirs = support.accept_request(helper, support.request_listener(kim_b))
    return {"chat_ours": chat_ours.id, "chat_theirs": chat_theirs.id,
            "request_theirs": support.request_listener(ash).id, "request_theirs_b": support.request_listener(bo).id}  # fmt: skip


def _notices(actor, kim, thread) -> dict:
    """A notice for the role's member and one for someone else, both about a thread they can read."""
    ours = notifications.notify(actor.id, Kind.REPLY, target=("thread", thread.id), key="matrix:ours")
    theirs = notifications.notify(kim.id, Kind.REPLY, target=("thread", thread.id), key="matrix:theirs")
    db.session.commit()
    return {"notice_ours": ours.id, "notice_theirs": theirs.id, "notice_ids_theirs": [theirs.id]}


class Stage:
    """One role's live client, and the places its payloads point at."""

    def __init__(self, app, role, make_user, make_group, sign_in, connect):
        ours, theirs = make_group("ours", is_public=False), make_group("theirs", is_public=False)
        kim, host = make_user("kim"), make_user("dr-host", "clinician")
        for person in (kim, host):
            for group in (ours, theirs):
                groups.join(person, group)
        self.browser = sign_in(USERNAMES[role], role)
        self.client = connect(self.browser)
        actor = accounts.find_by_username(USERNAMES[role])
        groups.join(actor, ours)
        thread_ours, _ = forum.start_thread(kim, ours, "Ours", "For us.")
        thread_theirs, _ = forum.start_thread(kim, theirs, "Theirs", "For them.")
        _, crisis = forum.start_thread(kim, ours, "Tonight", "I'm going to end it tonight, I have the pills.")
        say = lambda group, body: chat.send_message(kim, group, body)[0].id  # noqa: E731
        self.places = {"ours": ours.slug, "theirs": theirs.slug, "thread_ours": thread_ours.id,
                       "thread_theirs": thread_theirs.id, "crisis_item": crisis.item.id,
                       "post_ours": thread_ours.opening.id, "post_theirs": thread_theirs.opening.id,
                       "message_ours": say(ours, "Hello all."), "message_ours_b": say(ours, "Still here."),
                       "message_theirs": say(theirs, "Hello them."), **_qa_places(host, kim, ours, theirs),
                       **_support_places(actor, make_user)}  # fmt: skip
        self.places.update(_notices(actor, kim, thread_ours))

    def fill(self, payload: dict) -> dict:
        filled = {}
        for key, value in payload.items():
            if isinstance(value, str) and value.startswith("{"):
                value = self.places[value.strip("{}")]
            filled[key] = value
        return filled

    def outcome(self, r: Row) -> str:
        ack = self.client.emit(r.event, self.fill(r.payload))
        assert isinstance(ack, dict) and isinstance(ack.get("error", ""), str), f"{r}: {ack!r}"
        assert "went wrong" not in ack.get("error", ""), f"{r}: {ack!r}"
        return "ok" if ack["ok"] else "no"


@pytest.mark.parametrize("role", ROLES)
def test_every_event_gives_each_role_the_answer_the_matrix_says(role, app, make_user, make_group, sign_in, connect):
    stage = Stage(app, role, make_user, make_group, sign_in, connect)
    column = ROLES.index(role)
    got = {f"{n:02} {r}": stage.outcome(r) for n, r in enumerate(MATRIX)}
    expected = {f"{n:02} {r}": r.expected[column] for n, r in enumerate(MATRIX)}
    assert got == expected
