"""The production entry point: ``gunicorn -c python:community.gunicorn_conf community.wsgi:app``.

gevent, chosen by measurement: one process holds hundreds of chat sockets where
the threading mode collapses (``bench/chat.py --mode threading``: at 200 clients
and 20 messages/s the server pegs a core, p50 passes 1.5 s, and SQLite writers
time out on each other's locks; gevent: p99 23 ms at 200, 42 ms at 500). The worker monkey-patches the
standard library before this module is imported.
"""

import gc

from community import create_app, heartbeat
from moderation import escalation, screening

app = create_app({"SOCKETIO_ASYNC_MODE": "gevent"})
heartbeat.start(app)  # leases: renewed while this process lives, swept at start and on every beat
escalation.start(app)  # unclaimed crises reach every listener and admin signed in, in time
screening.warm()  # compile the screener's rules before the first member's post, not during it

# Everything made so far (the app, SQLAlchemy's mappers, the screener's rules) lives as long
# as the process. A full garbage collection stops every socket while it walks the heap, and
# walking these ~140,000 objects too made the pause about twice as long (95-150 ms against
# 30-60 ms, measured under bench/chat.py); frozen, the collector skips them.
gc.collect()
gc.freeze()
