"""The gunicorn worker that production runs (community/gunicorn_conf.py): gevent, taking turns.

gunicorn's gevent worker serves each connection in its own greenlet, in a loop: read a
request, answer it, read the next one (``AsyncWorker.handle``). A greenlet gives the other
connections their turn only when it must wait, and a read does not wait when the next
request has already arrived: gevent's socket tries ``recv`` first and parks the greenlet
on the event loop only if that would block. Under keep-alive load the next request is
usually there by the time the response is written (the client sent it while the server
was tidying up), so one connection is served again and again while every other request
waits; issue 15 measured p50 67 ms and p99 1.81 s on a thread page with 16 connections.

``FairGeventWorker`` closes that gap where it opens: after each response on a kept-alive
connection, the greenlet steps back into the event loop before reading the next request.
Every connection whose request is ready is then served once per turn of the loop, the way
wrk or HAProxy would expect of a fair server. A long-poll or WebSocket request already
waits inside the app, so Socket.IO is served as before.
"""

from __future__ import annotations

from gevent import get_hub
from gunicorn.workers.ggevent import GeventWorker


def take_turn() -> None:
    """Let every other ready greenlet run once before this one continues.

    ``gevent.sleep(0)`` is not enough: it queues a callback that the loop may run again
    before it polls for I/O, so a busy connection could still go first ahead of those
    waiting on their sockets. A zero timer fires only after the next poll.
    """
    hub = get_hub()
    with hub.loop.timer(0) as turn:
        hub.wait(turn)


class FairGeventWorker(GeventWorker):
    """gunicorn's gevent worker, with a turn for the other connections after every response."""

    def handle_request(self, listener_name, req, sock, addr):
        super().handle_request(listener_name, req, sock, addr)
        take_turn()
