"""Where to go after signing in: only a path on this site, checked as the browser will read it.

``request.args`` has already decoded percent escapes, so ``/%09/evil.example`` arrives as
``/<TAB>/evil.example``; browsers drop tabs and newlines from URLs and read a backslash as a
slash, which would turn it into ``//evil.example``, another site. Any control character,
whitespace or backslash is refused outright (a CR or LF would also break the header), and
what remains must be a path: no scheme, no host, not starting with two slashes.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from werkzeug.urls import iri_to_uri


def _is_same_site_path(target: str) -> bool:
    if any(ord(char) < 0x21 or ord(char) == 0x7F or char.isspace() or char == "\\" for char in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//")


def safe_next(target: object, fallback: str) -> str:
    """``target`` as a URI for the Location header if it is a same-site path, else ``fallback``."""
    if not isinstance(target, str) or not target or len(target) > 2000:
        return fallback
    if not _is_same_site_path(target):
        return fallback
    uri = iri_to_uri(target)
    return uri if _is_same_site_path(uri) else fallback
