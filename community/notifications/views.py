"""/notifications: the list (read on view), opening one, dismissing the banner, preferences.

Every action is a plain form post, so all of it works without JavaScript; notifications.js
only makes the same things live.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from community.notifications import access, service
from community.notifications.models import Kind
from community.notifications.presenting import present

bp = Blueprint("notifications", __name__)

KIND_NAMES = {
    Kind.REPLY: "Replies in your threads",
    Kind.MENTION: "Mentions of you",
    Kind.POST_APPROVED: "A listener approved your post",
    Kind.POST_NEEDS_CHANGE: "A listener asks for a change to your post",
    Kind.SESSION_STARTING: "A Q&A session you asked to be reminded of starts",
    Kind.ANSWER: "An answer to your question",
}


@bp.get("/notifications")
@login_required
def index():
    notices = access.recent(current_user)
    shown = [present(notice, current_user) for notice in notices]
    page = render_template("notifications/index.html", shown=shown, kinds=KIND_NAMES,
                           settings=access.settings_of(current_user))  # fmt: skip
    if any(s.unread for s in shown):
        service.mark_read(current_user, [s.id for s in shown if s.unread])  # seen, so read
    return page


@bp.get("/notifications/<int:notification_id>")
@login_required
def open_one(notification_id: int):
    notice = access.get_own(current_user, notification_id)
    target = present(notice, current_user)
    service.open_notice(current_user, notice)
    return redirect(target.url or url_for("notifications.index"))


@bp.post("/notifications/read")
@login_required
def read_all():
    service.mark_read(current_user)
    flash("All notifications marked as read.", "success")
    return redirect(url_for("notifications.index"))


@bp.post("/notifications/<int:notification_id>/dismiss")
@login_required
def dismiss(notification_id: int):
    service.dismiss(current_user, notification_id)
    back = request.form.get("back", "")
    return redirect(back if _is_local_path(back) else url_for("notifications.index"))


@bp.post("/notifications/preferences")
@login_required
def preferences():
    chosen = {kind.value: request.form[kind.value] for kind in KIND_NAMES if kind.value in request.form}
    service.set_preferences(current_user, chosen)
    flash("Your notification settings are saved.", "success")
    return redirect(url_for("notifications.index", _anchor="preferences"))


def _is_local_path(path: str) -> bool:
    """Only a path on this site: never another host (``//evil``, ``/\\evil``)."""
    return path.startswith("/") and not path.startswith(("//", "/\\"))
