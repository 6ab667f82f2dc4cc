"""The group chat page. Messages arrive over Socket.IO (community.chat.sockets)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from community.chat import access
from community.chat.models import ChatRoom
from community.chat.service import MAX_MESSAGE_CHARS
from community.extensions import db

bp = Blueprint("chat", __name__)


@bp.get("/g/<slug>/chat")
@login_required
def room(slug: str):
    group = access.get_chat_group(current_user, slug)
    settings = db.session.get(ChatRoom, group.id)
    return render_template("chat/room.html", group=group, max_chars=MAX_MESSAGE_CHARS,
                           slow_mode=settings.slow_mode_seconds if settings else 0)  # fmt: skip
