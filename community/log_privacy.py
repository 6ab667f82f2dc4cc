"""No member's words in any log line, tracebacks included.

A traceback's last line is the exception's message, and messages quote data: a database
error quotes the statement and its parameters (a post's body), a ValueError the value it
refused. SQLAlchemy is told to hide parameters (community/config.py); beyond that, every
traceback logged by the app, Socket.IO, Engine.IO, SQLAlchemy, gunicorn or Werkzeug is
written with its frames (file, line, function: enough to find the bug) and each exception's
type, never its message. A log message's own arguments are left alone: the app's log calls
pass methods, paths and names, not content.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import traceback

from flask import Flask
from gunicorn.glogging import Logger as GunicornLogger

# Paths that carry a secret: an invitation link's token, a password reset link's.
_TOKEN_IN_PATH = re.compile(r"^(/reset|/g/[^/]+/invite)/[^/]+")


def loggable_path(path: str) -> str:
    """A request's path as a log may keep it: the token in an invitation or reset link masked.
    (Give it the path alone: a query string, such as a member's search words, is never logged.)"""
    return _TOKEN_IN_PATH.sub(r"\1/-", path)


class AccessLogWithoutSecrets(GunicornLogger):
    """gunicorn's logger, with the path in access lines passed through ``loggable_path``
    (community/gunicorn_conf.py logs no query string and no referrer)."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = loggable_path(atoms["U"])
        return atoms


def _chain(error: BaseException | None):
    """The exception and what caused it, oldest first, as Python prints them."""
    seen: list[BaseException] = []
    while error is not None and error not in seen:
        seen.append(error)
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    return reversed(seen)


def scrubbed_traceback(exc_info) -> str:
    """The traceback of ``exc_info`` and its causes, with exception types but no messages."""
    lines = []
    for error in _chain(exc_info[1]):
        lines.append("Traceback (most recent call last):")
        lines += [
            f'  File "{f.filename}", line {f.lineno}, in {f.name}' for f in traceback.extract_tb(error.__traceback__)
        ]
        kind = type(error)
        lines.append(f"{kind.__module__}.{kind.__qualname__} (message withheld: it may quote a member's words)")
    return "\n".join(lines)


def _withholding(make_record):
    def make(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        if record.exc_info and record.exc_info[1] is not None:
            # Formatters use exc_text as it is when it is set, whichever handler writes the line.
            record.exc_text = scrubbed_traceback(record.exc_info)
        record.stack_info = None
        return record

    make.withholds_messages = True  # type: ignore[attr-defined]
    return make


def register(app: Flask) -> None:
    """Every log record made in this process, from any logger, gets the scrubbed traceback.

    A filter on some loggers would miss their children and any library added later; the
    record factory is the one place every record passes through.
    """
    current = logging.getLogRecordFactory()
    if not getattr(current, "withholds_messages", False):
        logging.setLogRecordFactory(_withholding(current))


_UNCAUGHT = logging.getLogger("kindred.uncaught")


def _log_uncaught(kind, error, tb, where: str = "") -> None:
    _UNCAUGHT.error("Uncaught exception%s", f" in {where}" if where else "", exc_info=(kind, error, tb))


def route_uncaught_exceptions() -> None:
    """Exceptions no handler caught go through logging, scrubbed, not straight to stderr.

    Python prints an uncaught exception (in the main thread, in a thread, and gevent in a
    greenlet) with its message. The production server calls this once (community/wsgi.py).
    """
    sys.excepthook = _log_uncaught
    threading.excepthook = lambda args: _log_uncaught(args.exc_type, args.exc_value, args.exc_traceback,
                                                      getattr(args.thread, "name", ""))  # fmt: skip
    import gevent.hub

    def print_exception(hub, context, kind, error, tb) -> None:
        _log_uncaught(kind, error, tb, "a greenlet" if context is None else type(context).__name__)

    gevent.hub.Hub.print_exception = print_exception
