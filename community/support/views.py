"""Support pages: "Talk to a listener", a support chat, and listeners' waiting requests."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from community.errors import Forbidden
from community.forms import ConfirmForm
from community.notifications import service as notifications
from community.support import access, broadcasts, service
from community.support.service import MAX_MESSAGE_CHARS
from moderation import crisis, queue

bp = Blueprint("support", __name__)


@bp.get("/support")
@login_required
def talk():
    return render_template("support/talk.html", open_chat=access.open_chat_of(current_user),
                           waiting=access.waiting_request_of(current_user),
                           on_duty=queue.listeners_on_duty(), resources=crisis.RESOURCES)  # fmt: skip


@bp.get("/support/chats/<int:chat_id>")
@login_required
def chat(chat_id: int):
    chat = access.get_readable_chat(current_user, chat_id)
    if chat.member_id == current_user.id:
        notifications.opened_target(current_user, "support_chat", chat.id)  # the banner's work is done
    return render_template("support/chat.html", chat=chat, max_chars=MAX_MESSAGE_CHARS,
                           member_name=broadcasts.name_in(chat, chat.member_id),
                           resources=crisis.RESOURCES)  # fmt: skip


@bp.get("/support/requests")
@login_required
def requests():
    if not current_user.is_listener:
        raise Forbidden("That page is for listeners.")
    return render_template(
        "support/requests.html",
        requests=access.waiting_requests(),
        chats=access.chats_of_listener(current_user),
        member_name=broadcasts.member_name,
    )


@bp.post("/moderator/items/<int:item_id>/support-chat")
@login_required
def open_from_item(item_id: int):
    """From a claimed crisis item: open a 1:1 chat with its author."""
    if not current_user.is_listener:
        raise Forbidden("That is for listeners only.")
    ConfirmForm().validate_on_submit()
    chat = service.open_from_item(current_user, queue.get_item(item_id))
    return redirect(url_for("support.chat", chat_id=chat.id))
