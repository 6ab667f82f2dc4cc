"""Refuse text the database cannot store before it gets there: NUL and other control characters,
and lone surrogates (a JSON payload can spell "\\ud800"; UTF-8 cannot encode it).

PostgreSQL rejects NUL in text, and psycopg cannot encode a lone surrogate: either one used to
reach the database and come back as a 500, with the statement, and the member's words, in the
log. Tab, newline and carriage return are ordinary text and pass. Refused, not stripped: a
member whose message is quietly changed cannot tell what was sent; a clear 400 (or a failed
ack) leaves the data as it was and says why.
"""

from __future__ import annotations

import re

from flask import Flask, request

from community.errors import InvalidInput

# C0 controls but tab, newline, carriage return; DEL and the C1 controls; UTF-16 surrogates.
_UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
MESSAGE = "That contains characters we can't store (control characters). Please remove them and try again."


def is_storable(text: str) -> bool:
    return _UNSTORABLE.search(text) is None


def check_payload(value: object, depth: int = 0) -> None:
    """Raise InvalidInput if any string in a socket event's payload (keys included) is unstorable."""
    if depth > 8:
        raise InvalidInput("That message was nested too deeply.")
    if isinstance(value, str):
        if not is_storable(value):
            raise InvalidInput(MESSAGE)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_payload(key, depth + 1)
            check_payload(item, depth + 1)
    elif isinstance(value, list | tuple):
        for item in value:
            check_payload(item, depth + 1)


# Query arguments never stored or queried, with a stricter check where they are used: a bad
# ``next`` after signing in falls back to the home page (community.accounts.next_page) rather
# than refusing the member's sign-in.
_CHECKED_WHERE_USED = frozenset({"next"})


def _check_request() -> None:
    args = [(key, value) for key, value in request.args.items(multi=True) if key not in _CHECKED_WHERE_USED]
    fields = [*args, *request.form.items(multi=True)]
    if not all(is_storable(text) for text in (request.path, *(t for pair in fields for t in pair))):
        raise InvalidInput(MESSAGE)


def register(app: Flask) -> None:
    app.before_request(_check_request)
