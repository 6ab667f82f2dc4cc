"""gunicorn settings for every server Kindred runs: ``make run``, the browser tests, the benchmarks.

    gunicorn -c python:community.gunicorn_conf -b 127.0.0.1:5000 community.wsgi:app

Flags given on the command line (``-w``, ``-b``, ``--access-logfile``) override these.
"""

import os

from community import serving

# gevent holds hundreds of chat sockets where threads collapse (community/wsgi.py); this
# subclass of gunicorn's gevent worker also takes turns between keep-alive connections
# (community/serving.py), which gunicorn's own does not (issue 15: p99 1.8 s against p50 67 ms).
worker_class = "community.serving.FairGeventWorker"

# One worker per process (DESIGN.md): Socket.IO's long-polling fallback needs every request of
# a session on the same process, which only a sticky load balancer in front of separate
# processes guarantees. More workers (``-w N``) serve pages and WebSocket, with Redis.
workers = 1

# An access log line (``--access-logfile``, as ``make run`` asks) keeps the method, the path and
# what was answered: never the query string (a member's search words), the referrer (a page's
# query string again) nor the token in an invitation or reset link (log_privacy.loggable_path).
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
logger_class = "community.log_privacy.AccessLogWithoutSecrets"

# gunicorn 27 opens a control socket at one path per user (~/.gunicorn/gunicorn.ctl): several
# processes on one machine, as deploy/ runs them, would take it from each other.
control_socket_disable = True


def on_starting(server) -> None:
    """With several workers, give each its own listening socket (SO_REUSEPORT).

    Sharing one socket, the workers race to accept, and under load the one the scheduler
    happens to run takes a burst of keep-alive connections that then stay with it: bench/pages.py
    saw 15 against 43 requests per connection on the two workers' shares. With a socket each, the
    kernel spreads connections by their addresses, whoever is running; by address is not by load,
    so the workers also share their connection counts and one above its share hands connections
    back (community/serving.py). With one worker the shared socket stays: it is created once by
    the master, so connections wait in its backlog while a worker restarts instead of being refused.
    """
    server.cfg.set("reuse_port", server.cfg.workers > 1)
    if server.cfg.workers > 1:
        # A slot per worker, and as many again for workers added later (TTIN) or restarting.
        serving.shares = serving.ConnectionShares(2 * server.cfg.workers)
    # The workers inherit this: without Redis, each would keep visitors' pages with tokens of
    # its own, and a write on one would not retire the others' (community/config.py).
    os.environ["KINDRED_SERVER_WORKERS"] = str(server.cfg.workers)


def pre_fork(server, worker) -> None:
    """A slot in the shared connection counts for each worker (community/serving.py)."""
    if serving.shares is not None:
        worker.share_slot = serving.shares.claim()


def child_exit(server, worker) -> None:
    """A worker that exited, however, holds no connections any more: its slot is freed."""
    if serving.shares is not None:
        serving.shares.release(getattr(worker, "share_slot", None))
