"""Every route, for every role: the status a visitor, member, listener, clinician and admin get.

The table is the access policy, read in one place. A route the table does not
list fails ``test_the_matrix_lists_every_route``: a new route arrives with its row.
POSTs carry a valid CSRF token unless the row says otherwise.
"""

# ruff: noqa: E501 (the matrix is a table: one row per line reads best)
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import NamedTuple

import pytest

from community.chat import service as chat
from community.forum import service as forum
from community.groups import service as groups
from community.qa import service as qa
from tests.conftest import PASSWORD, Browser

ROLES = ("visitor", "member", "listener", "clinician", "admin")
USERNAMES = {"member": "mira", "listener": "lee", "clinician": "okafor", "admin": "alex"}
AUTHOR = "kim"  # writes the threads and posts that belong to nobody in ROLES
LOGIN = "sign-in"  # a redirect to the sign-in page


class Row(NamedTuple):
    method: str
    rule: str
    path: str
    expected: tuple  # one status per role, in ROLES order
    data: dict | None
    csrf: bool

    def __str__(self) -> str:
        return (f"{self.method} {self.path}" + (f" {self.data}" if self.data else "")
                + ("" if self.csrf else " without CSRF"))  # fmt: skip


def row(method, rule, path, *expected, data=None, csrf=True) -> Row:
    return Row(method, rule, path, expected, data, csrf)


#        method  rule                            path (placeholders filled per role)     visitor member listener clinician admin
MATRIX = [
    row("GET",  "/static/<path:filename>",       "/static/css/kindred.css",              200, 200, 200, 200, 200),
    row("GET",  "/",                             "/",                                    200, 200, 200, 200, 200),
    row("GET",  "/crisis",                       "/crisis",                              200, 200, 200, 200, 200),
    row("GET",  "/healthz",                      "/healthz",                             200, 200, 200, 200, 200),
    row("GET",  "/signup",                       "/signup",                              200, 200, 200, 200, 200),
    row("POST", "/signup",                       "/signup",                              302, 302, 302, 302, 302,
        data={"username": "new-{role}", "password": PASSWORD}),
    row("POST", "/signup",                       "/signup",                              400, 400, 400, 400, 400,
        data={"username": "new-{role}", "password": "short"}),
    row("GET",  "/signin",                       "/signin",                              200, 200, 200, 200, 200),
    row("POST", "/signin",                       "/signin",                              302, 302, 302, 302, 302,
        data={"username": AUTHOR, "password": PASSWORD}),
    row("POST", "/signout",                      "/signout",                             LOGIN, 302, 302, 302, 302),
    row("POST", "/signout/everywhere",           "/signout/everywhere",                  LOGIN, 302, 302, 302, 302),
    # One's own settings and data; nobody else's are reachable at all.
    row("GET",  "/settings",                     "/settings",                            LOGIN, 200, 200, 200, 200),
    row("POST", "/settings/profile",             "/settings/profile",                    LOGIN, 302, 302, 302, 302,
        data={"display_name": "New name", "bio": "Hello.", "time_zone": "Europe/Paris"}),
    row("POST", "/settings/profile",             "/settings/profile",                    LOGIN, 400, 400, 400, 400,
        data={"display_name": "", "time_zone": "Nowhere/Else"}),
    row("POST", "/settings/password",            "/settings/password",                   LOGIN, 400, 400, 400, 400,
        data={"current_password": "not the password", "new_password": "violet tram ladder"}),
    row("GET",  "/welcome/recovery-codes",       "/welcome/recovery-codes",              LOGIN, 302, 302, 302, 302),
    row("POST", "/settings/recovery-codes",      "/settings/recovery-codes",             LOGIN, 200, 200, 200, 200,
        data={"password": PASSWORD}),
    row("POST", "/settings/recovery-codes",      "/settings/recovery-codes",             LOGIN, 303, 303, 303, 303,
        data={"password": "not the password"}),
    row("GET",  "/settings/data",                "/settings/data",                       LOGIN, 200, 200, 200, 200),
    row("POST", "/settings/data/export",         "/settings/data/export",                LOGIN, 303, 303, 303, 303),
    row("GET",  "/settings/data/export/<int:export_id>.zip", "/settings/data/export/999999.zip", LOGIN, 404, 404, 404, 404),
    row("GET",  "/settings/delete",              "/settings/delete",                     LOGIN, 200, 200, 200, 200),
    row("POST", "/settings/delete",              "/settings/delete",                     LOGIN, 400, 400, 400, 400,
        data={"posts": "erase", "password": "not the password"}),
    # Getting back in: the same answer whoever asks, and nothing about who has an account.
    row("GET",  "/recover",                      "/recover",                             200, 200, 200, 200, 200),
    row("POST", "/recover",                      "/recover",                             400, 400, 400, 400, 400,
        data={"username": AUTHOR, "code": "aaaa-bbbb-cccc", "new_password": "violet tram ladder"}),
    row("GET",  "/forgot",                       "/forgot",                              200, 200, 200, 200, 200),
    row("POST", "/forgot",                       "/forgot",                              200, 200, 200, 200, 200,
        data={"email": "kim@example.org"}),
    row("GET",  "/reset/<token>",                "/reset/not-a-real-token",              400, 400, 400, 400, 400),
    row("POST", "/reset/<token>",                "/reset/not-a-real-token",              400, 400, 400, 400, 400,
        data={"new_password": "violet tram ladder"}),
    row("GET",  "/u/<username>",                 "/u/{author}",                          200, 200, 200, 200, 200),
    row("GET",  "/u/<username>",                 "/u/nobody-here",                       404, 404, 404, 404, 404),
    # Search: anyone may search what they may read (tests/search has who finds what).
    row("GET",  "/search",                       "/search?q=hello",                      200, 200, 200, 200, 200),
    row("GET",  "/search",                       "/search?q=hello&page=0",               400, 400, 400, 400, 400),
    row("GET",  "/g/<slug>",                     "/g/open",                              200, 200, 200, 200, 200),
    row("GET",  "/g/<slug>",                     "/g/private",                           200, 200, 200, 200, 200),
    row("GET",  "/g/<slug>",                     "/g/missing",                           404, 404, 404, 404, 404),
    row("POST", "/g/<slug>/join",                "/g/open/join",                         LOGIN, 302, 302, 302, 302),
    row("POST", "/g/<slug>/join",                "/g/open/join",                         400, 400, 400, 400, 400,
        csrf=False),
    row("POST", "/g/<slug>/leave",               "/g/open/leave",                        LOGIN, 302, 302, 302, 302),
    row("GET",  "/api/groups/<slug>/threads",    "/api/groups/open/threads",             200, 200, 200, 200, 200),
    row("GET",  "/api/groups/<slug>/threads",    "/api/groups/private/threads",          404, 404, 200, 404, 200),
    row("GET",  "/g/<slug>/new",                 "/g/open/new",                          LOGIN, 200, 200, 200, 200),
    row("GET",  "/g/<slug>/new",                 "/g/private/new",                       LOGIN, 404, 403, 404, 403),
    row("POST", "/g/<slug>/new",                 "/g/open/new",                          LOGIN, 302, 302, 302, 302,
        data={"title": "Hello", "body": "First time here."}),
    row("POST", "/g/<slug>/new",                 "/g/open/new",                          LOGIN, 400, 400, 400, 400,
        data={"title": "", "body": "No title."}),
    row("POST", "/g/<slug>/new",                 "/g/private/new",                       LOGIN, 404, 403, 404, 403,
        data={"title": "Hello", "body": "Let me in."}),
    row("GET",  "/t/<int:thread_id>",            "/t/{thread}",                          200, 200, 200, 200, 200),
    row("GET",  "/t/<int:thread_id>",            "/t/{private_thread}",                  404, 404, 200, 404, 200),
    row("GET",  "/t/<int:thread_id>",            "/t/999999",                            404, 404, 404, 404, 404),
    row("POST", "/t/<int:thread_id>/reply",      "/t/{thread}/reply",                    LOGIN, 302, 302, 302, 302,
        data={"body": "Same here."}),
    row("POST", "/t/<int:thread_id>/reply",      "/t/{thread}/reply",                    LOGIN, 400, 400, 400, 400,
        data={"body": "   "}),
    row("POST", "/t/<int:thread_id>/reply",      "/t/{private_thread}/reply",            LOGIN, 404, 403, 404, 403,
        data={"body": "Same here."}),
    row("GET",  "/p/<int:post_id>/edit",         "/p/{own_post}/edit",                   LOGIN, 200, 200, 200, 200),
    row("GET",  "/p/<int:post_id>/edit",         "/p/{others_post}/edit",                LOGIN, 404, 404, 404, 404),
    row("POST", "/p/<int:post_id>/edit",         "/p/{own_post}/edit",                   LOGIN, 302, 302, 302, 302,
        data={"title": "Better title", "body": "Better words."}),
    row("POST", "/p/<int:post_id>/edit",         "/p/{own_post}/edit",                   LOGIN, 400, 400, 400, 400,
        data={"title": "Better title", "body": ""}),
    row("POST", "/p/<int:post_id>/edit",         "/p/{others_post}/edit",                LOGIN, 404, 404, 404, 404,
        data={"title": "Mine now", "body": "Mine now."}),
    row("GET",  "/p/<int:post_id>/delete",       "/p/{own_post}/delete",                 LOGIN, 200, 200, 200, 200),
    row("GET",  "/p/<int:post_id>/delete",       "/p/{others_post}/delete",              LOGIN, 404, 404, 404, 404),
    row("POST", "/p/<int:post_id>/delete",       "/p/{own_post}/delete",                 LOGIN, 302, 302, 302, 302),
    row("POST", "/p/<int:post_id>/delete",       "/p/{others_post}/delete",              LOGIN, 404, 404, 404, 404),
    row("GET",  "/api/threads/<int:thread_id>",  "/api/threads/{thread}",                200, 200, 200, 200, 200),
    row("GET",  "/api/threads/<int:thread_id>",  "/api/threads/{private_thread}",        404, 404, 200, 404, 200),
    # Reports: any signed-in reader may report someone else's published post.
    row("GET",  "/p/<int:post_id>/report",       "/p/{others_post}/report",              LOGIN, 200, 200, 200, 200),
    row("POST", "/p/<int:post_id>/report",       "/p/{others_post}/report",              LOGIN, 302, 302, 302, 302,
        data={"reason": "spam"}),
    row("POST", "/p/<int:post_id>/report",       "/p/{others_post}/report",              LOGIN, 400, 400, 400, 400,
        data={"reason": "no-such-reason"}),
    # Support reactions: on someone else's published post, one of three kinds.
    row("POST", "/p/<int:post_id>/react",        "/p/{others_post}/react",               LOGIN, 302, 302, 302, 302,
        data={"kind": "hear"}),
    row("POST", "/p/<int:post_id>/react",        "/p/999999/react",                      LOGIN, 404, 404, 404, 404,
        data={"kind": "hear"}),
    # Which content warnings stay folded: each member's own page.
    row("GET",  "/settings/content",             "/settings/content",                    LOGIN, 200, 200, 200, 200),
    row("POST", "/settings/content",             "/settings/content",                    LOGIN, 302, 302, 302, 302,
        data={"fold": "suicide"}),
    row("POST", "/settings/content",             "/settings/content",                    LOGIN, 303, 303, 303, 303,
        data={"fold": "not-a-topic"}),
    # The moderator view: listeners and admins; everyone else the same 403.
    row("GET",  "/moderator",                    "/moderator",                           LOGIN, 403, 200, 403, 200),
    row("GET",  "/moderator/audit",              "/moderator/audit",                     LOGIN, 403, 200, 403, 200),
    row("GET",  "/moderator/items/<int:item_id>", "/moderator/items/{held_item}",        LOGIN, 403, 200, 403, 200),
    row("GET",  "/moderator/items/<int:item_id>", "/moderator/items/999999",             LOGIN, 403, 404, 403, 404),
    row("POST", "/moderator/items/<int:item_id>/approve", "/moderator/items/{held_item}/approve", LOGIN, 403, 302, 403, 302,
        data={"edited_text": "Cold turkey off benzos is totally fine, I did it."}),
    row("POST", "/moderator/items/<int:item_id>/approve", "/moderator/items/{held_item}/approve", LOGIN, 403, 409, 403, 409,
        data={"edited_text": "Cold turkey off benzos is totally fine, I did it."}),
    row("POST", "/moderator/items/<int:item_id>/reject", "/moderator/items/{held_item_b}/reject", LOGIN, 403, 400, 403, 400,
        data={"author_message": ""}),
    row("POST", "/moderator/items/<int:item_id>/reject", "/moderator/items/{held_item_b}/reject", LOGIN, 403, 302, 403, 302,
        data={"author_message": "Please check this with your prescriber."}),
    row("POST", "/moderator/items/<int:item_id>/claim", "/moderator/items/{crisis_item}/claim", LOGIN, 403, 302, 403, 302),
    row("POST", "/moderator/items/<int:item_id>/claim", "/moderator/items/{crisis_item}/claim", LOGIN, 403, 409, 403, 409),
    row("POST", "/moderator/items/<int:item_id>/support-chat", "/moderator/items/{crisis_item}/support-chat", LOGIN, 403, 302, 403, 302),
    row("POST", "/moderator/items/<int:item_id>/resolve", "/moderator/items/{crisis_item}/resolve", LOGIN, 403, 302, 403, 302,
        data={"note": "Talked it through; safe tonight."}),
    row("POST", "/moderator/items/<int:item_id>/reveal", "/moderator/items/{held_item}/reveal", LOGIN, 403, 403, 403, 200,
        data={"reason": "Repeated threats."}),
    # Live chat and support chats.
    row("GET",  "/g/<slug>/chat",                "/g/open/chat",                         LOGIN, 200, 200, 200, 200),
    row("GET",  "/g/<slug>/chat",                "/g/private/chat",                      LOGIN, 404, 200, 404, 200),
    row("POST", "/g/<slug>/chat/identity",       "/g/open/chat/identity",                LOGIN, 302, 302, 302, 302,
        data={"appear": "anonymous"}),
    row("POST", "/g/<slug>/chat/identity",       "/g/open/chat/identity",                LOGIN, 400, 400, 400, 400,
        data={"appear": "someone-else"}),
    row("POST", "/g/<slug>/chat/identity",       "/g/private/chat/identity",             LOGIN, 404, 302, 404, 302,
        data={"appear": "name"}),
    row("POST", "/g/<slug>/chat/messages",       "/g/open/chat/messages",                LOGIN, 302, 302, 302, 302,
        data={"body": "Evening, everyone."}),
    row("POST", "/g/<slug>/chat/messages",       "/g/open/chat/messages",                LOGIN, 400, 400, 400, 400,
        data={"body": "  "}),
    row("POST", "/g/<slug>/chat/messages",       "/g/private/chat/messages",             LOGIN, 404, 403, 404, 403,
        data={"body": "Let me in."}),
    row("GET",  "/chat/m/<int:message_id>/report", "/chat/m/{chat_message}/report",      LOGIN, 200, 200, 200, 200),
    row("POST", "/chat/m/<int:message_id>/report", "/chat/m/{chat_message}/report",      LOGIN, 302, 302, 302, 302,
        data={"reason": "spam"}),
    row("GET",  "/chat/m/<int:message_id>/block", "/chat/m/{chat_message}/block",        LOGIN, 200, 200, 200, 200),
    row("GET",  "/chat/m/<int:message_id>/block", "/chat/m/{private_message}/block",     LOGIN, 404, 200, 404, 200),
    row("POST", "/chat/m/<int:message_id>/block", "/chat/m/{chat_message}/block",        LOGIN, 302, 302, 302, 302),
    row("POST", "/chat/m/<int:message_id>/block", "/chat/m/999999/block",                LOGIN, 404, 404, 404, 404),
    row("GET",  "/support",                      "/support",                             LOGIN, 200, 200, 200, 200),
    row("GET",  "/support/requests",             "/support/requests",                    LOGIN, 403, 200, 403, 200),
    row("GET",  "/support/chats/<int:chat_id>",  "/support/chats/999999",                LOGIN, 404, 404, 404, 404),
    # Nobody in the table is on duty: asking is said at once, with the crisis resources.
    row("POST", "/support",                      "/support",                             LOGIN, 503, 503, 503, 503),
    row("POST", "/support/requests/<int:request_id>/cancel", "/support/requests/999999/cancel", LOGIN, 404, 404, 404, 404),
    row("POST", "/support/requests/<int:request_id>/accept", "/support/requests/999999/accept", LOGIN, 403, 404, 403, 404),
    row("POST", "/support/chats/<int:chat_id>/messages", "/support/chats/999999/messages", LOGIN, 404, 404, 404, 404,
        data={"body": "Are you there?"}),
    row("POST", "/support/chats/<int:chat_id>/end", "/support/chats/999999/end",          LOGIN, 404, 404, 404, 404),
    # Blocking another member.
    row("GET",  "/u/<username>/block",           "/u/{author}/block",                    LOGIN, 200, 200, 200, 200),
    row("POST", "/u/<username>/block",           "/u/{author}/block",                    LOGIN, 302, 302, 302, 302),
    row("POST", "/u/<username>/unblock",         "/u/{author}/unblock",                  LOGIN, 302, 302, 302, 302),
    row("POST", "/u/<username>/block",           "/u/nobody-here/block",                 LOGIN, 404, 404, 404, 404),
    # Reporting a named profile: anyone signed in, never one's own, never a former member's.
    row("GET",  "/u/<username>/report",          "/u/{author}/report",                   LOGIN, 200, 200, 200, 200),
    row("POST", "/u/<username>/report",          "/u/{author}/report",                   LOGIN, 302, 302, 302, 302,
        data={"reason": "harassment"}),
    row("POST", "/u/<username>/report",          "/u/{author}/report",                   LOGIN, 400, 400, 400, 400,
        data={"reason": "no-such-reason"}),
    row("GET",  "/u/<username>/report",          "/u/{me}/report",                       LOGIN, 404, 404, 404, 404),
    row("POST", "/u/<username>/report",          "/u/nobody-here/report",                LOGIN, 404, 404, 404, 404,
        data={"reason": "spam"}),
    row("GET",  "/p/<int:post_id>/block",        "/p/{others_post}/block",               LOGIN, 200, 200, 200, 200),
    row("GET",  "/p/<int:post_id>/block",        "/p/{own_post}/block",                  LOGIN, 404, 404, 404, 404),
    row("POST", "/p/<int:post_id>/block",        "/p/{others_post}/block",               LOGIN, 302, 302, 302, 302),
    # Notifications: each member reads, opens and dismisses only their own.
    row("GET",  "/notifications",                "/notifications",                       LOGIN, 200, 200, 200, 200),
    row("GET",  "/notifications/<int:notification_id>", "/notifications/999999",         LOGIN, 404, 404, 404, 404),
    row("POST", "/notifications/read",           "/notifications/read",                  LOGIN, 302, 302, 302, 302),
    row("POST", "/notifications/<int:notification_id>/dismiss", "/notifications/999999/dismiss", LOGIN, 404, 404, 404, 404),
    row("POST", "/notifications/preferences",    "/notifications/preferences",           LOGIN, 302, 302, 302, 302,
        data={"reply": "off"}),
    # Clinician Q&A: clinicians schedule; group members ask, vote and ask for reminders.
    row("GET",  "/g/<slug>/qa/new",              "/g/open/qa/new",                       LOGIN, 403, 403, 200, 403),
    row("POST", "/g/<slug>/qa/new",              "/g/open/qa/new",                       LOGIN, 403, 403, 302, 403,
        data={"title": "Sleep and anxiety", "description": "Questions welcome.",
              "starts_at": "2030-01-01T18:00", "duration": "60"}),
    row("GET",  "/qa/<int:session_id>",          "/qa/{session}",                        200, 200, 200, 200, 200),
    row("GET",  "/qa/<int:session_id>",          "/qa/999999",                           404, 404, 404, 404, 404),
    # A live session has no archive yet: its archive link leads to the session itself.
    row("GET",  "/qa/<int:session_id>/archive",  "/qa/{session}/archive",                302, 302, 302, 302, 302),
    row("POST", "/qa/<int:session_id>/questions", "/qa/{session}/questions",             LOGIN, 302, 302, 302, 302,
        data={"body": "How do I get back to sleep at 3am?"}),
    # Reminders are for sessions that have not started; this one is live.
    row("POST", "/qa/<int:session_id>/<any(open, close, remind, unremind, cohost):action>", "/qa/{session}/remind",
        LOGIN, 409, 409, 409, 409),
    row("POST", "/qa/<int:session_id>/questions/<int:question_id>/<any(vote, unvote, pick, answer, mark, remove):action>",
        "/qa/{session}/questions/{question}/vote",                                    LOGIN, 302, 302, 302, 302),
    # Only the host (not another clinician) and admins open and close.
    row("POST", "/qa/<int:session_id>/<any(open, close, remind, unremind, cohost):action>", "/qa/{session}/close",
        LOGIN, 403, 403, 403, 302),
    # Private groups: members ask and a listener or admin decides, once; or an invitation link admits.
    # Last in the table: a listener or admin who joins the private group here would change rows above.
    row("GET",  "/moderator/join-requests",      "/moderator/join-requests",             LOGIN, 403, 200, 403, 200),
    row("POST", "/g/<slug>/join-requests/<int:request_id>/<any(approve, decline):decision>",
        "/g/private/join-requests/{join_request}/approve",                            LOGIN, 403, 302, 403, 302),
    row("POST", "/g/<slug>/join-requests/<int:request_id>/<any(approve, decline):decision>",
        "/g/private/join-requests/{join_request}/decline",                            LOGIN, 403, 409, 403, 409),
    row("POST", "/g/<slug>/join-requests/<int:request_id>/<any(approve, decline):decision>",
        "/g/open/join-requests/{join_request_b}/decline",                             LOGIN, 403, 404, 403, 404),
    row("POST", "/g/<slug>/join-requests/<int:request_id>/<any(approve, decline):decision>",
        "/g/private/join-requests/{join_request_b}/decline",                          LOGIN, 403, 302, 403, 302),
    row("POST", "/g/<slug>/invitations",         "/g/private/invitations",               LOGIN, 403, 200, 403, 200,
        data={"days": "7", "max_uses": "3"}),
    row("POST", "/g/<slug>/invitations",         "/g/private/invitations",               LOGIN, 403, 400, 403, 400,
        data={"days": "365", "max_uses": "3"}),
    row("POST", "/g/<slug>/invitations",         "/g/open/invitations",                  LOGIN, 403, 400, 403, 400,
        data={"days": "7", "max_uses": "3"}),
    row("GET",  "/g/<slug>/invite/<token>",      "/g/private/invite/{invite}",           LOGIN, 200, 200, 200, 200),
    row("GET",  "/g/<slug>/invite/<token>",      "/g/open/invite/{invite}",              LOGIN, 400, 400, 400, 400),
    row("GET",  "/g/<slug>/invite/<token>",      "/g/private/invite/{spent_invite}",     LOGIN, 400, 400, 400, 400),
    row("POST", "/g/<slug>/invite/<token>",      "/g/private/invite/{spent_invite}",     LOGIN, 400, 400, 400, 400),
    row("POST", "/g/<slug>/join",                "/g/private/join",                      LOGIN, 302, 302, 302, 302,
        data={"note": "I care for my brother."}),
    row("POST", "/g/<slug>/invite/<token>",      "/g/private/invite/{invite}",           LOGIN, 302, 302, 302, 302),
]  # fmt: skip


def _methods(rule) -> set[str]:
    return rule.methods - {"HEAD", "OPTIONS"}


def test_the_matrix_lists_every_route(app):
    routes = {(rule.rule, method) for rule in app.url_map.iter_rules() for method in _methods(rule)}
    listed = {(r.rule, r.method) for r in MATRIX}
    assert routes - listed == set(), "routes missing from MATRIX: add a row for each role"
    assert listed - routes == set(), "MATRIX lists routes that no longer exist"


def test_each_matrix_path_is_served_by_the_rule_its_row_names(app):
    adapter = app.url_map.bind("localhost")
    # By rule and method: a page and its form may share a rule and be served by two views.
    endpoints = {(rule.rule, method): rule.endpoint for rule in app.url_map.iter_rules() for method in rule.methods}
    for r in MATRIX:
        path = r.path.format(author=AUTHOR, thread=1, private_thread=2, own_post=3, others_post=4,
                             held_item=5, held_item_b=6, crisis_item=7, session=8, question=9,
                             chat_message=10, private_message=11, join_request=12, join_request_b=13,
                             invite="a-token", spent_invite="b-token", me="mira")  # fmt: skip
        endpoint, _ = adapter.match(path.partition("?")[0], method=r.method)
        assert endpoint == endpoints[r.rule, r.method], str(r)


def _moderation_places(author, group) -> dict:
    """Two held items (misinformation) and a crisis item, for the moderator rows."""
    _, held = forum.start_thread(author, group, "Benzos", "Cold turkey off benzos is totally fine, I did it.")
    _, held_b = forum.start_thread(author, group, "Benzos again", "Cold turkey off benzos is totally fine, I did it.")
    _, crisis = forum.start_thread(author, group, "Tonight", "I'm going to end it tonight, I have the pills.")
    assert not held.published and not held_b.published and crisis.decision.crisis
    return {"held_item": held.item.id, "held_item_b": held_b.item.id, "crisis_item": crisis.item.id}


def _qa_places(make_user, asker, group) -> dict:
    """A live session hosted by another clinician, with one published question."""
    host = make_user("dr-host", "clinician")
    groups.join(host, group)
    session = qa.schedule_session(host, group, title="Open Q&A", description="Ask away.",
                                  starts_at=datetime.now(UTC).replace(tzinfo=None) + timedelta(hours=1), duration_minutes=60)  # fmt: skip
    qa.open_session(host, session)
    question, _ = qa.ask_question(asker, session, "What helps with early waking?")
    return {"session": session.id, "question": question.id}


def _admission_places(make_user, private) -> dict:
    """Two members asking to join the private group, a live invitation and a used-up one."""
    asking = [make_user(name) for name in ("pat", "quinn")]
    requests = [groups.ask_to_join(person, private, "Hello.") for person in asking]
    inviter = make_user("ines", "listener")
    spent = groups.create_invitation(inviter, private, days=7, max_uses=1)
    groups.accept_invitation(make_user("uma"), private, spent)
    return {"join_request": requests[0].id, "join_request_b": requests[1].id, "spent_invite": spent,
            "invite": groups.create_invitation(inviter, private, days=7, max_uses=5)}  # fmt: skip


def _chat_places(author, group, private) -> dict:
    """A published chat message in the open group's room and one in the private group's."""
    message, _ = chat.send_message(author, group, "Hello, room.")
    private_message, _ = chat.send_message(author, private, "Hello, us.")
    return {"chat_message": message.id, "private_message": private_message.id}


class Stage:
    """One role's browser, and the places its paths point at.

    Before each row the role is back in the open group and has a fresh post of its own,
    so a row that leaves the group or deletes a post does not change the next one; a row
    that signs in, up or out is followed by a fresh browser for the role.
    """

    def __init__(self, app, role, make_user, make_group, member_of):
        self.app, self.role, self.member_of = app, role, member_of
        self.open, private = make_group("open"), make_group("private", is_public=False)
        self.kim = make_user(AUTHOR)
        for group in (self.open, private):
            member_of(self.kim, group)
        thread, _ = forum.start_thread(self.kim, self.open, "Open thread", "Anyone may read this.")
        private_thread, _ = forum.start_thread(self.kim, private, "Members only", "Only for us.")
        self.user = make_user(USERNAMES[role], role) if role != "visitor" else None
        self.places = {"author": AUTHOR, "role": role, "thread": thread.id,
                       "private_thread": private_thread.id, "others_post": thread.posts[0].id,
                       **_moderation_places(self.kim, self.open), **_qa_places(make_user, self.kim, self.open),
                       **_chat_places(self.kim, self.open, private),
                       **_admission_places(make_user, private)}  # fmt: skip
        self.browser = self.fresh_browser()

    def fresh_browser(self) -> Browser:
        browser = Browser(self.app.test_client())
        if self.user is not None:
            assert browser.sign_in(self.user.username).status_code == 302
        return browser

    def places_for_next_row(self) -> dict:
        if self.user is None:
            return self.places | {"own_post": self.places["others_post"], "me": AUTHOR}
        self.member_of(self.user, self.open)
        own, _ = forum.start_thread(self.user, self.open, f"{self.role} thread", "Mine.")
        return self.places | {"own_post": own.posts[0].id, "me": self.user.username}

    def status(self, r: Row) -> int | str:
        places = self.places_for_next_row()
        path = r.path.format(**places)
        if r.method == "GET":
            response = self.browser.get(path)
        else:
            filled = {key: value.format(**places) for key, value in (r.data or {}).items()}
            response = self.browser.post(path, filled, csrf=r.csrf)
        response.close()  # a static file is streamed; closing it releases the file
        if r.method == "POST" and r.rule in ("/signup", "/signin", "/signout", "/signout/everywhere"):
            self.browser = self.fresh_browser()
        if response.status_code == 302 and "/signin?" in response.headers["Location"]:
            return LOGIN
        return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_every_route_gives_each_role_the_status_the_matrix_says(role, app, make_user, make_group, member_of):
    stage = Stage(app, role, make_user, make_group, member_of)
    column = ROLES.index(role)
    got = {f"{n:02} {r}": stage.status(r) for n, r in enumerate(MATRIX)}
    expected = {f"{n:02} {r}": r.expected[column] for n, r in enumerate(MATRIX)}
    assert got == expected
