"""``react {post, kind}``: the live form of the reaction buttons. Readers hear ``reactions_changed``."""

from __future__ import annotations

from flask_login import current_user
from flask_socketio import SocketIO

from community.errors import NotFound
from community.forum import access
from community.reactions import service
from community.reactions.access import tallies
from community.realtime import socket_event


@socket_event
def react(data: dict) -> dict:
    post_id = data.get("post")
    if not isinstance(post_id, int) or isinstance(post_id, bool) or not 0 < post_id < 2**63:
        raise NotFound("We couldn't find that post.")
    post = access.get_published_post(current_user, post_id)
    mine = service.react(current_user, post, data.get("kind"))
    return {"ok": True, "mine": mine, "counts": tallies([post.id], None)[post.id].counts}


def register(socketio: SocketIO) -> None:
    socketio.on_event("react", react)
