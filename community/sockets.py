"""Socket.IO: connection-level checks and each feature's handlers, registered per app."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room

from community import health, heartbeat, realtime
from community.accounts import sessions as account_sessions
from community.extensions import socketio


def _on_connect(auth=None) -> bool:
    # Visitors who are not signed in get no socket: every live feature is for members.
    try:
        if not current_user.is_authenticated:
            return False
    except health.DATABASE_DOWN as error:
        # Refused with a reason the page's script knows: it tries again a little later.
        health.forget_failed_transaction()
        raise ConnectionRefusedError(health.UNAVAILABLE_MESSAGE, {"retry": True}) from error
    join_room(realtime.user_room(current_user.id))
    # So that ending this browser's session can disconnect the socket, on any process.
    account_sessions.track_socket(request.sid)
    if not current_app.testing:  # leases need renewing under any server; tests beat by hand
        heartbeat.start(current_app._get_current_object())
    return True


def _on_disconnect(*args) -> None:
    # Each feature forgets this socket: Q&A attendance, chat presence (add others' hooks here).
    # One disconnect handler per namespace: a feature registering its own would replace this.
    from community.chat import sockets as chat_sockets
    from community.moderator import sockets as moderator_sockets
    from community.qa import sockets as qa_sockets

    try:
        account_sessions.forget_socket(request.sid)
        qa_sockets.on_disconnect()
        chat_sockets.on_disconnect()
        moderator_sockets.on_disconnect()
    except Exception as error:
        # With the database away the socket's rows stay for now; their leases run out.
        health.forget_failed_transaction()
        if not health.is_database_down(error):
            raise
        current_app.logger.warning("Database unreachable while a socket disconnected")


class _DeclineCompression:
    """WSGI middleware: answer WebSocket upgrades without permessage-deflate.

    Browsers always offer it and simple-websocket always accepts, which compresses every
    frame once per recipient: a chat line fanned out to 500 members is deflated 500 times,
    and each socket keeps its own zlib state. Chat frames are a few hundred bytes, so this
    saves little bandwidth at a large cost: with it declined the server used about a
    quarter less CPU and fan-out latency at 500 clients fell several-fold (bench/chat.py).
    """

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return self.wsgi_app(environ, start_response)


def register(app: Flask) -> None:
    # Outside Flask-SocketIO's own middleware, which socketio.init_app installed already.
    app.wsgi_app = _DeclineCompression(app.wsgi_app)
    socketio.on_event("connect", _on_connect)
    socketio.on_event("disconnect", _on_disconnect)
    from community.chat import sockets as chat_sockets
    from community.forum import sockets as forum_sockets
    from community.moderator import sockets as moderator_sockets
    from community.notifications import sockets as notification_sockets
    from community.qa import sockets as qa_sockets
    from community.reactions import sockets as reactions_sockets
    from community.support import sockets as support_sockets

    forum_sockets.register(socketio)
    moderator_sockets.register(socketio)
    qa_sockets.register(socketio)
    chat_sockets.register(socketio)
    support_sockets.register(socketio)
    reactions_sockets.register(socketio)
    notification_sockets.register(socketio)
