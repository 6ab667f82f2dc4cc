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

With several workers there is a second unfairness, between them. Each has its own listening
socket (SO_REUSEPORT, gunicorn_conf.py) and the kernel picks one by a hash of the client's
address, not by load: 64 keep-alive connections fell 37 to one worker and 27 to the other, so
the 37 were each served about two thirds as often (requests per connection 29 to 50, p99 487 ms
against p50 142 on members' thread pages). ``ConnectionShares`` counts each worker's open
connections in memory the master shares with the workers it forks; a worker holding more than
its share answers its next request with ``Connection: close``, and the client's next connection
is hashed afresh. Only the workers above their share move connections, so the counts settle
within one of each other, a reconnect each; a WebSocket or long-poll is never cut (the choice is
made before a request is answered, and only ever closes after a whole response).

A third is inside a worker, with PostgreSQL. psycopg's waits for the database yield to other
greenlets (gevent patches what it waits with), so every connection's request is in the app at
once, each taking a turn at each statement, and 64 of them share a pool of 15 database
connections, which a request arriving when one is free takes ahead of those already waiting.
Members' thread pages at 64 connections: 11 to 21 requests per connection, p99 924 ms against
p50 310 ms. ``FifoGate`` lets ``requests_in_app`` requests into the app at once and the others
in the order they came; Socket.IO's requests, which wait in the app by design, pass it by. It
holds a request while the app makes its response, not while the response is sent.
"""

from __future__ import annotations

import multiprocessing
from collections import deque

from gevent import get_hub
from gevent.event import Event
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


class ConnectionShares:
    """Each worker's count of open connections, in memory shared across the fork.

    Made by the master before it forks (gunicorn_conf.on_starting); the master hands each new
    worker a free slot (``claim``) and clears it when the worker exits (``release``), so a killed
    worker's connections are not counted and a new worker, holding none, is given its share.
    Each count is written by its own worker only; one read while another worker changes its own
    is at most one off, which that worker's next request corrects.
    """

    def __init__(self, slots: int) -> None:
        self.counts = multiprocessing.RawArray("i", slots)
        self.live = multiprocessing.RawArray("b", slots)
        self._free = list(range(slots))

    def claim(self) -> int | None:
        """A free slot for a worker about to be forked (master); None when all are taken."""
        if not self._free:
            return None
        slot = self._free.pop(0)
        self.counts[slot], self.live[slot] = 0, 1
        return slot

    def release(self, slot: int | None) -> None:
        """The slot of a worker that exited (master)."""
        if slot is not None:
            self.counts[slot], self.live[slot] = 0, 0
            self._free.append(slot)
            self._free.sort()

    def over_share(self, slot: int) -> bool:
        """Whether the worker in ``slot`` holds more than one connection above the least-loaded
        other worker. Against each other, not against the mean of all: connections on their way
        from one worker to another are counted nowhere, and a share of a total that drops while
        they move would have every worker hand back more, and more."""
        counts, live = self.counts, self.live
        others = [counts[i] for i in range(len(counts)) if live[i] and i != slot]
        return bool(others) and counts[slot] > min(others) + 1


def requests_in_app(app) -> int:
    """Requests let into the app at once, per worker: as many as its database pool serves at once
    (``pool_size`` + ``max_overflow``, SQLAlchemy's defaults 5 and 10), so none waits inside for a
    connection. Read from the app's engine options, so a deployment that sizes the pool sizes this."""
    options = app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}) if hasattr(app, "config") else {}
    return int(options.get("pool_size", 5)) + int(options.get("max_overflow", 10))


# Socket.IO's long-polls and WebSockets wait inside the app for as long as a member is connected.
_WAITS_IN_APP = "/socket.io"


class FifoGate:
    """At most ``size`` requests inside the app at once; the others go in in the order they came.

    A slot freed while requests wait is handed to the longest waiting, never taken by one that
    arrives meanwhile (which is what made the database pool unfair). gevent's own ``Semaphore``
    is not that: a release only wakes the waiter, and a request arriving before it runs takes the
    slot (a, b in; c, d, e waiting; f arriving as a leaves went in before e)."""

    def __init__(self, size: int) -> None:
        self.free = size
        self.waiting: deque[Event] = deque()

    def enter(self) -> None:
        if self.free > 0 and not self.waiting:
            self.free -= 1
            return
        turn = Event()
        self.waiting.append(turn)
        try:
            turn.wait()
        except BaseException:  # the greenlet was killed while it waited (a timeout, a shutdown)
            if turn.is_set():
                self.leave()  # the slot was already handed to it
            else:
                self.waiting.remove(turn)
            raise

    def leave(self) -> None:
        if self.waiting:
            self.waiting.popleft().set()
        else:
            self.free += 1


# Set in the master by gunicorn_conf.on_starting when it runs several workers; the workers inherit it.
shares: ConnectionShares | None = None


class FairGeventWorker(GeventWorker):
    """gunicorn's gevent worker, with a turn for the other connections after every response, no
    more than its share of the connections beside other workers, and requests let into the app
    in the order they came."""

    share_slot: int | None = None  # set by the master before the fork (gunicorn_conf.pre_fork)

    def init_process(self):
        self._moving: set[int] = set()  # connections told to close, no longer counted as ours
        super().init_process()

    def handle(self, listener, client, addr):
        slot = self.share_slot
        if shares is None or slot is None:
            return super().handle(listener, client, addr)
        shares.counts[slot] += 1
        try:
            return super().handle(listener, client, addr)
        finally:
            if id(client) in self._moving:
                self._moving.discard(id(client))
            else:
                shares.counts[slot] -= 1

    def handle_request(self, listener_name, req, sock, addr):
        slot = self.share_slot
        if shares is not None and slot is not None and id(sock) not in self._moving and shares.over_share(slot):
            # The response says so, so the client neither loses nor repeats a request. It stops
            # counting now: requests answered meanwhile on other connections see it gone.
            req.must_close = True
            self._moving.add(id(sock))
            shares.counts[slot] -= 1
        result = super().handle_request(listener_name, req, sock, addr)
        take_turn()
        return result

    def load_wsgi(self):
        super().load_wsgi()
        self.wsgi = _gated(self.wsgi, FifoGate(requests_in_app(self.wsgi)))


def _gated(app, gate: FifoGate):
    """The app, entered through ``gate``: around making the response only, not around sending it,
    so a client that reads slowly holds no place in the app (the app's database session is
    closed by then too)."""

    def gated_app(environ, start_response):
        if environ.get("PATH_INFO", "").startswith(_WAITS_IN_APP):
            return app(environ, start_response)
        gate.enter()
        try:
            return app(environ, start_response)
        finally:
            gate.leave()

    return gated_app
