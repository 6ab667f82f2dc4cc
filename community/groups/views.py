"""Group pages: description, rules, threads; joining and leaving."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from community import page_cache, page_stamps
from community.forms import ConfirmForm
from community.forum.listing import thread_rows
from community.groups import access, service
from community.qa import access as qa_access

bp = Blueprint("groups", __name__)


@bp.get("/g/<slug>")
@page_cache.for_visitors(page_stamps.group_page, query=["before"])
def group(slug: str):
    group = access.get_group(slug)
    readable = access.can_read(current_user, group)
    before = request.args.get("before")
    qa_upcoming, qa_past = qa_access.group_sessions(group) if readable else ([], [])
    return render_template(
        "groups/group.html", group=group, readable=readable, action_form=ConfirmForm(),
        is_member=access.is_member(current_user, group), before=before,
        threads=thread_rows(group, current_user, before=before) if readable else None,
        qa_upcoming=qa_upcoming, qa_past=qa_past,
    )  # fmt: skip


@bp.post("/g/<slug>/join")
@login_required
def join(slug: str):
    group = access.get_group(slug)
    if service.join(current_user, group):
        flash(
            f"You joined {group.name}. Welcome — read the group's rules, then say hello when you're ready.", "success"
        )
    return redirect(url_for("groups.group", slug=group.slug))


@bp.post("/g/<slug>/leave")
@login_required
def leave(slug: str):
    group = access.get_group(slug)
    if service.leave(current_user, group):
        flash(f"You left {group.name}. Your posts stay unless you delete them.", "info")
    return redirect(url_for("groups.group", slug=group.slug))
