"""Group pages: description, rules, threads; joining and leaving; admission to private groups."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from community import page_cache, page_stamps, ratelimit
from community.forms import ConfirmForm
from community.forum.listing import thread_rows
from community.groups import access, service
from community.groups.thread_list import render_rows
from community.moderator.access import listener_required
from community.qa import access as qa_access

bp = Blueprint("groups", __name__)


@bp.get("/g/<slug>")
@page_cache.for_visitors(page_stamps.group_page, query=["before"])
def group(slug: str):
    viewer = current_user._get_current_object()  # once: each use of the proxy looks the member up again
    ask = page_cache.member_ask(viewer, page_stamps.group_page(slug), query=["before"])
    group = access.get_group(slug)
    readable = access.can_read(viewer, group)  # on every request, kept page or not; part of its key
    return page_cache.for_member(ask, (*page_stamps.member_row(viewer), readable),
                                 lambda: _render_group(group, viewer, readable))  # fmt: skip


def _render_group(group, viewer, readable: bool):
    before = request.args.get("before")
    qa_upcoming, qa_past = qa_access.group_sessions(group) if readable else ([], [])
    threads = thread_rows(group, viewer, before=before) if readable else None
    return render_template(
        "groups/group.html", group=group, readable=readable, action_form=ConfirmForm(),
        is_member=access.is_member(viewer, group), before=before, threads=threads,
        thread_rows=render_rows(threads.rows, viewer) if threads else [],
        qa_upcoming=qa_upcoming, qa_past=qa_past, pending=_pending_for_page(group),
    )  # fmt: skip


def _pending_for_page(group):
    """The viewer's own waiting request; for a listener, how many wait for this group."""
    if not current_user.is_authenticated or group.is_public:
        return None
    if current_user.is_listener:
        return len(access.pending_requests(group))
    return access.pending_request(current_user, group)


@bp.post("/g/<slug>/join")
@login_required
def join(slug: str):
    group = access.get_group(slug)
    if not group.is_public and not current_user.is_listener:
        ratelimit.check_write(current_user, "join_request")
    if service.ask_to_join(current_user, group, request.form.get("note", "")) is not None:
        flash(f"Your request to join {group.name} is with the listeners. You'll get a notice when one answers.",
              "success")  # fmt: skip
    elif access.is_member(current_user, group):
        flash(f"You're in {group.name}. Welcome — read the group's rules, then say hello when you're ready.",
              "success")  # fmt: skip
    return redirect(url_for("groups.group", slug=group.slug))


@bp.post("/g/<slug>/leave")
@login_required
def leave(slug: str):
    group = access.get_group(slug)
    if service.leave(current_user, group):
        flash(f"You left {group.name}. Your posts stay unless you delete them.", "info")
    return redirect(url_for("groups.group", slug=group.slug))


@bp.get("/moderator/join-requests")
@listener_required
def join_requests():
    return render_template("groups/join_requests.html", requests=access.pending_requests(),
                           private_groups=access.private_groups(), action_form=ConfirmForm())  # fmt: skip


@bp.post("/g/<slug>/join-requests/<int:request_id>/<any(approve, decline):decision>")
@listener_required
def decide(slug: str, request_id: int, decision: str):
    join_request = access.get_request(access.get_group(slug), request_id)
    service.decide_request(current_user, join_request, approve=decision == "approve")
    verb = "let into" if decision == "approve" else "declined for"
    flash(f"{join_request.user.username} {verb} {join_request.group.name}. They have a notice.", "success")
    return redirect(url_for("groups.join_requests"))


@bp.post("/g/<slug>/invitations")
@listener_required
def create_invitation(slug: str):
    group = access.get_group(slug)
    token = service.create_invitation(current_user, group, days=request.form.get("days", type=int),
                                      max_uses=request.form.get("max_uses", type=int))  # fmt: skip
    link = url_for("groups.invitation", slug=group.slug, token=token, _external=True)
    return render_template("groups/invitation_made.html", group=group, link=link)


@bp.get("/g/<slug>/invite/<token>")
@login_required
def invitation(slug: str, token: str):
    group = access.get_group(slug)
    access.get_invitation(group, token)
    return render_template("groups/invitation.html", group=group, token=token, action_form=ConfirmForm(),
                           is_member=access.is_member(current_user, group))  # fmt: skip


@bp.post("/g/<slug>/invite/<token>")
@login_required
def accept_invitation(slug: str, token: str):
    group = access.get_group(slug)
    service.accept_invitation(current_user, group, token)
    flash(f"You're in {group.name}. Welcome — read the group's rules, then say hello when you're ready.", "success")
    return redirect(url_for("groups.group", slug=group.slug))
