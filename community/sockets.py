"""Socket.IO: connection-level checks and each feature's handlers, registered per app."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_login import current_user
from flask_socketio import ConnectionRefusedError as RefuseConnection
from flask_socketio import join_room

from community import health, heartbeat, live_sockets, realtime
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
        raise RefuseConnection(health.UNAVAILABLE_MESSAGE, {"retry": True}) from error
    if not live_sockets.connect(current_user.id):
        raise RefuseConnection("You have Kindred open in too many tabs. Please close a few and reload.")
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

    live_sockets.disconnect()
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


def _unknown_event(event, *args) -> dict:
    # Every client event gets an ack, a misspelt or retired one too: a silent drop leaves a
    # page waiting for an answer that never comes.
    return {"ok": False, "error": "That live action isn't available. Please reload the page."}


class _RefuseOversizedPolls:
    """WSGI middleware: a long-polling body larger than Socket.IO accepts gets a 413, unread.

    Engine.IO reads a body up to max_http_buffer_size and answers a larger one with a
    plain 400; this says what is wrong, before the server reads a byte of it.
    """

    def __init__(self, wsgi_app, path: str, limit: int) -> None:
        self.wsgi_app, self.path, self.limit = wsgi_app, path, limit

    def __call__(self, environ, start_response):
        length = environ.get("CONTENT_LENGTH") or "0"
        if environ.get("PATH_INFO", "").startswith(self.path) and (not length.isdigit() or int(length) > self.limit):
            start_response("413 Content Too Large", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"That message is too large to send."]
        return self.wsgi_app(environ, start_response)


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
    app.wsgi_app = _RefuseOversizedPolls(app.wsgi_app, "/socket.io/", socketio.server.eio.max_http_buffer_size)
    socketio.on_event("connect", _on_connect)
    socketio.on_event("*", _unknown_event)
    socketio.on_event("disconnect", _on_disconnect)
    from community.chat import sockets as chat_sockets
    from community.forum import sockets as forum_sockets
    from community.moderator import sockets as moderator_sockets
    from community.notifications import sockets as notification_sockets
    from community.pages import sockets as pages_sockets
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
    pages_sockets.register(socketio)
