"""Support pages: "Talk to a listener", a support chat, and listeners' waiting requests.

Every button here works as a plain form too. The live script (static/js/support.js)
takes each over once it has run; until then, or on a phone whose script is slow or
blocked, a press posts the form and the same use case answers. Before, a press
before the script had run reloaded the page and asked for no one.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from community import ratelimit
from community.errors import Conflict, Forbidden, InvalidInput, KindredError, RateLimited
from community.forms import ConfirmForm
from community.notifications import service as notifications
from community.support import access, broadcasts, service
from community.support.models import SupportChat
from community.support.service import MAX_MESSAGE_CHARS, NoListenerOnDuty
from moderation import crisis, queue

bp = Blueprint("support", __name__)


def _render_talk(error: KindredError | None = None):
    standing = access.standing_of(current_user)
    page = render_template("support/talk.html", open_chat=standing.open_chat, waiting=standing.waiting,
                           on_duty=standing.listeners_on_duty, error=error and error.message,
                           resources=crisis.RESOURCES)  # fmt: skip
    return (page, error.status) if error else page


@bp.get("/support")
@login_required
def talk():
    return _render_talk()


@bp.post("/support")
@login_required
def ask():
    """Ask for a listener without the live script: the page then says you are in line."""
    try:
        ratelimit.check_write(current_user, "support")
        found = service.request_listener(current_user, share_name=request.form.get("share_name") == "on")
    except (NoListenerOnDuty, RateLimited) as error:  # said on the page, with the resources beside it
        return _render_talk(error)
    if isinstance(found, SupportChat):
        return redirect(url_for("support.chat", chat_id=found.id))
    return redirect(url_for("support.talk"))


@bp.post("/support/requests/<int:request_id>/cancel")
@login_required
def cancel(request_id: int):
    """Stop waiting: the request leaves every listener's list."""
    service.cancel_request(current_user, access.get_request(request_id))
    return redirect(url_for("support.talk"))


def _render_chat(chat: SupportChat, error: KindredError | None = None, body: str = ""):
    messages = [broadcasts.message_payload(chat, m, current_user) for m in access.messages(chat)]
    page = render_template("support/chat.html", chat=chat, max_chars=MAX_MESSAGE_CHARS, messages=messages,
                           member_name=broadcasts.name_in(chat, chat.member_id), resources=crisis.RESOURCES,
                           error=error and error.message, body=body)  # fmt: skip
    return (page, error.status) if error else page


@bp.get("/support/chats/<int:chat_id>")
@login_required
def chat(chat_id: int):
    chat = access.get_readable_chat(current_user, chat_id)
    if chat.member_id == current_user.id:
        notifications.opened_target(current_user, "support_chat", chat.id)  # the banner's work is done
    return _render_chat(chat)


@bp.post("/support/chats/<int:chat_id>/messages")
@login_required
def send(chat_id: int):
    """Send without the live script: the same use case, screening and all, as the live page."""
    chat = access.get_readable_chat(current_user, chat_id)
    body = request.form.get("body", "")
    try:
        message = service.send_support_message(current_user, chat, body)
    except (InvalidInput, Conflict, Forbidden, RateLimited) as error:  # said beside the form, the text kept
        return _render_chat(chat, error, body)
    return redirect(url_for("support.chat", chat_id=chat.id, _anchor=f"support-message-{message.id}"))


@bp.post("/support/chats/<int:chat_id>/end")
@login_required
def end(chat_id: int):
    chat = access.get_readable_chat(current_user, chat_id)
    service.end_chat(current_user, chat)
    return redirect(url_for("support.chat", chat_id=chat.id))


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


@bp.post("/support/requests/<int:request_id>/accept")
@login_required
def accept(request_id: int):
    if not current_user.is_listener:
        raise Forbidden("That is for listeners only.")
    chat = service.accept_request(current_user, access.get_request(request_id))
    return redirect(url_for("support.chat", chat_id=chat.id))


@bp.post("/moderator/items/<int:item_id>/support-chat")
@login_required
def open_from_item(item_id: int):
    """From a claimed crisis item: open a 1:1 chat with its author."""
    if not current_user.is_listener:
        raise Forbidden("That is for listeners only.")
    ConfirmForm().validate_on_submit()
    chat = service.open_from_item(current_user, queue.get_item(item_id))
    return redirect(url_for("support.chat", chat_id=chat.id))
