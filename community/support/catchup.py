"""Support chats after a message-queue outage: like group chat (community.chat.catchup),
each process tells its own sockets in each support chat where to catch up from."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from community import messagequeue, realtime
from community.extensions import db
from community.support.models import SupportMessage


def tell_chats_to_catch_up(down_since: datetime) -> None:
    for room in messagequeue.local_rooms("support:"):
        chat_id = int(room.split(":", 1)[1])
        before = down_since - messagequeue.CATCH_UP_MARGIN
        after = db.session.scalar(sa.select(sa.func.max(SupportMessage.id)).where(
            SupportMessage.chat_id == chat_id, SupportMessage.created_at < before))  # fmt: skip
        messagequeue.emit_here("catch_up", {"chat": chat_id, "after": after or 0}, realtime.support_room(chat_id))
