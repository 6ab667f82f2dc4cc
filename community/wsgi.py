"""The production entry point: ``gunicorn -k gevent -w 1 community.wsgi:app``.

gevent, chosen by measurement (DESIGN.md): one process holds hundreds of chat
sockets where the threading mode collapses. The worker monkey-patches the
standard library before this module is imported.
"""

from community import create_app
from moderation import screening

app = create_app({"SOCKETIO_ASYNC_MODE": "gevent"})
screening.warm()  # compile the screener's rules before the first member's post, not during it
