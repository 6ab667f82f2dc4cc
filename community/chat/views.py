"""The group chat page, and what it offers without JavaScript: choosing how to appear,
reading the latest messages (and older ones, a page at a time), sending with a form.
Live messages arrive over Socket.IO (community.chat.sockets)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from community.chat import access, identity, service
from community.chat.broadcasts import author_of
from community.chat.forms import IdentityForm, MessageForm
from community.chat.models import ChatRoom
from community.chat.service import MAX_MESSAGE_CHARS
from community.errors import Forbidden, InvalidInput, NotFound, RateLimited
from community.extensions import db, limiter
from community.forms import ConfirmForm
from moderation import reports, submission
from moderation.status import ContentStatus

bp = Blueprint("chat", __name__)

# Ids are 64-bit in the database: anything larger is simply not a message.
_MAX_ID = 2**63 - 1


def _before() -> int | None:
    raw = request.args.get("before")
    if raw is None:
        return None
    if not raw.isdigit() or int(raw) > _MAX_ID:
        raise NotFound("We couldn't find that message.")
    return int(raw)


@bp.get("/g/<slug>/chat")
@login_required
def room(slug: str):
    group = access.get_chat_group(current_user, slug)
    chosen = identity.choice_of(current_user, group)
    if chosen is None:
        return render_template("chat/choose.html", group=group, form=IdentityForm())
    return _render_room(group, chosen, MessageForm())


def _render_room(group, chosen, form: MessageForm, status: int = 200):
    before = _before()
    messages, more = access.history(current_user, group, before=before)
    settings = db.session.get(ChatRoom, group.id)
    switch = IdentityForm(data={"appear": "name" if chosen.is_anonymous else "anonymous"})
    return render_template(
        "chat/room.html", group=group, messages=[(m, author_of(m)) for m in messages], more=more,
        paged=before is not None, anonymous=chosen.is_anonymous, form=form, switch=switch,
        max_chars=MAX_MESSAGE_CHARS, slow_mode=settings.slow_mode_seconds if settings else 0,
    ), status  # fmt: skip


@bp.post("/g/<slug>/chat/identity")
@login_required
def choose_identity(slug: str):
    group = access.get_chat_group(current_user, slug)
    form = IdentityForm()
    form.validate_on_submit()  # CSRF is enforced app-wide
    appear = form.appear.data
    if appear not in ("name", "anonymous"):
        form.appear.errors = ["Choose to use your name or an alias."]
        return render_template("chat/choose.html", group=group, form=form), 400
    if service.choose_identity(current_user, group, appear == "anonymous"):
        flash("Done. You'll show in “Here now” under your new identity in a little while.", "info")
    return redirect(url_for("chat.room", slug=group.slug))


@bp.post("/g/<slug>/chat/messages")
@login_required
def send(slug: str):
    """Send without JavaScript: the same use case, screening and all, as the live page."""
    group = access.get_sending_group(current_user, slug)
    chosen = identity.choice_of(current_user, group)
    if chosen is None:
        return redirect(url_for("chat.room", slug=group.slug))
    form = MessageForm()
    form.validate_on_submit()
    try:
        message, review = service.send_message(current_user, group, form.body.data)
    except (InvalidInput, RateLimited, Forbidden) as error:  # muted, too fast: said beside the form
        form.body.errors = [error.message]
        return _render_room(group, chosen, form, error.status)
    return submission.respond(review, url_for("chat.room", slug=group.slug, _anchor=f"message-{message.id}"))


@bp.route("/chat/m/<int:message_id>/report", methods=["GET", "POST"])
@login_required
@limiter.limit(reports.REPORT_LIMIT, key_func=reports.reporter_key, methods=["POST"])
def report_message(message_id: int):
    message = _others_message(message_id)
    form = reports.ReportForm()
    back = url_for("chat.room", slug=message.group.slug)
    if not form.is_submitted():
        return render_template("forum/report.html", form=form, what="a chat message", back=back)
    try:
        item = reports.report_content(current_user, message, reason=form.reason.data, note=form.note.data)
    except InvalidInput as error:
        form.form_errors.append(error.message)
        return render_template("forum/report.html", form=form, what="a chat message", back=back), 400
    flash("Thank you. A listener will look at this soon." + (
        " If someone is in danger right now, please also contact emergency services." if item.is_crisis else ""
    ), "success")  # fmt: skip
    return redirect(back)


@bp.route("/chat/m/<int:message_id>/block", methods=["GET", "POST"])
@login_required
def block_author(message_id: int):
    """A confirmation page (works without JavaScript), then the block, as the room saw the author."""
    message = _others_message(message_id)
    back = url_for("chat.room", slug=message.group.slug)
    name = author_of(message)["name"]
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("blocks/confirm.html", form=form, name=name, anonymous=message.is_anonymous,
                               place="this chat room", back=back)  # fmt: skip
    service.block_author(current_user, message)
    flash(f"Blocked {name}. You won't see their messages; they aren't told.", "info")
    return redirect(back)


def _others_message(message_id: int):
    message = access.get_message(current_user, message_id)
    if message.author_id == current_user.id or message.status is not ContentStatus.PUBLISHED:
        raise NotFound("We couldn't find that message.")
    return message
