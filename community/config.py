"""Configuration: every key documented once, with environment overrides.

Precedence, lowest first: the defaults below, environment variables, then the
``overrides`` mapping handed to ``create_app`` (tests use that).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

# The repository root holds templates/, migrations/ and static assets.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def instance_path() -> Path:
    """Where local state lives: the SQLite file and the generated secret key."""
    return Path(os.environ.get("KINDRED_INSTANCE_PATH", PROJECT_ROOT / "instance")).resolve()


def _secret_key(folder: Path) -> str:
    """Use SECRET_KEY if set; otherwise generate one once and keep it in instance/.

    A constant key in code would let anyone forge session cookies, so there is none.
    """
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = folder / "secret_key"
    if not key_file.exists():
        folder.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _sqlalchemy_url(folder: Path) -> str:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder / 'kindred.sqlite3'}"
    # Heroku-style URLs say postgres://; SQLAlchemy wants a driver name.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def _redis_url(url: str | None) -> str | None:
    """A wrong scheme is a start-up error, not a silent fallback or a crash at the first emit."""
    if url and not url.startswith(REDIS_SCHEMES):
        scheme = url.split("://", 1)[0] if "://" in url else url
        raise ValueError(f"REDIS_URL must start with redis://, rediss:// or unix:// (it starts with {scheme!r}).")
    return url or None


def _int_env(name: str, default: int) -> int:
    value = os.environ.get(name, str(default))
    if not value.isdigit():
        raise ValueError(f"{name} must be a whole number (it is {value!r}).")
    return int(value)


def load(overrides: dict | None = None) -> dict:
    """Build the config mapping for one app."""
    folder = instance_path()
    overrides = dict(overrides or {})
    config = {
        # Signs session cookies and CSRF tokens.
        "SECRET_KEY": overrides.pop("SECRET_KEY", None) or _secret_key(folder),
        # Where data lives: SQLite under instance/ by default, PostgreSQL in production.
        "SQLALCHEMY_DATABASE_URI": _sqlalchemy_url(folder),
        # Optional: Redis carries Socket.IO broadcasts between server processes and
        # holds rate-limit counters so that every process shares them.
        # Must be redis://, rediss:// or unix://; anything else stops the app at start.
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        # "threading" for the dev server and tests; gunicorn's gevent worker sets "gevent"
        # (community/wsgi.py): it holds hundreds of sockets where threading collapses.
        "SOCKETIO_ASYNC_MODE": os.environ.get("SOCKETIO_ASYNC_MODE", "threading"),
        # Presence ("who is here") is broadcast at most once per this many seconds per chat
        # room: a crowd arriving at once costs one list per interval, not one per arrival.
        "CHAT_PRESENCE_INTERVAL": float(os.environ.get("CHAT_PRESENCE_INTERVAL", "0.5")),
        # Open sockets one member may hold at once (tabs, devices): enough for any person,
        # few enough that one account cannot tie up a server's connections.
        "SOCKETS_PER_MEMBER": int(os.environ.get("SOCKETS_PER_MEMBER", "20")),
        # Largest Socket.IO message (a long-polling body or a WebSocket frame) read, in bytes.
        "SOCKETIO_MAX_MESSAGE_BYTES": int(os.environ.get("SOCKETIO_MAX_MESSAGE_BYTES", "100000")),
        # A member who switches between their name and an alias in a chat room shows as
        # "here" under the new identity only after a random wait between these two figures
        # (seconds), so that one presence update never shows one leaving as the other arrives.
        "CHAT_SWITCH_DELAY": (
            float(os.environ.get("CHAT_SWITCH_DELAY_MIN", "20")),
            float(os.environ.get("CHAT_SWITCH_DELAY_MAX", "90")),
        ),  # fmt: skip
        # Cookies: never readable from JavaScript, not sent on cross-site POSTs.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # Largest request body accepted; bigger ones get a 413 before any parsing.
        "MAX_CONTENT_LENGTH": 256 * 1024,
        # CSRF tokens do not expire within a session: a member may take an hour to
        # write a hard post, and losing it to an expired token would be cruel.
        "WTF_CSRF_TIME_LIMIT": None,
        # Sign-in attempts per address; in-memory unless REDIS_URL is set.
        "SIGN_IN_RATE_LIMIT": os.environ.get("SIGN_IN_RATE_LIMIT", "10 per minute; 50 per hour"),
        # New accounts per address: a person needs one; a script making sock puppets needs many.
        "SIGN_UP_RATE_LIMIT": os.environ.get("SIGN_UP_RATE_LIMIT", "5 per hour; 20 per day"),
        # Failed sign-ins per account, whatever the address, so that guesses spread over many
        # addresses still meet a limit. A browser the member has signed in with before keeps
        # a limit of its own, so an attack on the account does not lock its owner out.
        "SIGN_IN_ACCOUNT_RATE_LIMIT": os.environ.get("SIGN_IN_ACCOUNT_RATE_LIMIT", "10 per minute; 30 per hour"),
        # Optional: the SMTP server for password-reset links, e.g. smtp://user:pass@mail:587?starttls=1
        # or smtps://mail:465. Without it, members get back in with their recovery codes.
        "MAIL_URL": os.environ.get("MAIL_URL") or None,
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Kindred <no-reply@localhost>"),
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL") or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # Redis away: each process counts on its own (Flask-Limiter's in-memory fallback, and
        # community.ratelimit for the limits the code checks itself) instead of failing requests.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        # Fail fast when Redis is unreachable, so that a request falls back instead of hanging.
        "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1, "wrap_exceptions": True},
        # Behind a load balancer: how many proxies set X-Forwarded-For/-Proto in front of the app.
        # 0 trusts none (the default: the headers are ignored). HAProxy from deploy/ is 1. Extra
        # hops a client adds are ignored: only the last PROXY_FIX hops are believed.
        "PROXY_FIX": _int_env("PROXY_FIX", 0),
        # A signed-in browser nobody has used for this many days is signed out (accounts/sessions.py):
        # a forgotten shared computer, or a copied cookie, stops working on its own.
        "SESSION_IDLE_DAYS": _int_env("SESSION_IDLE_DAYS", 30),
        # Listener duty is a lease, renewed by the process holding the listener's socket every
        # third of this; a crashed process's listeners drop off duty when it runs out.
        "LISTENER_DUTY_LEASE_SECONDS": _int_env("LISTENER_DUTY_LEASE_SECONDS", 45),
        # Chat presence in Redis is leased the same way, per server process.
        "PRESENCE_LEASE_SECONDS": _int_env("PRESENCE_LEASE_SECONDS", 30),
        # Each open socket's record in Redis (it counts toward SOCKETS_PER_MEMBER and names its
        # rooms) is a lease its process renews on every heartbeat: a killed process's sockets
        # stop counting within this time.
        "SOCKET_LEASE_SECONDS": _int_env("SOCKET_LEASE_SECONDS", 90),
        # A crisis alert nobody claimed this many seconds after it went out is escalated to
        # every listener and admin signed in, and shown in red on the moderator view.
        "CRISIS_ESCALATE_AFTER": _int_env("CRISIS_ESCALATE_AFTER", 180),
        # A crisis author is told "we are letting the listeners on duty know" for this many
        # seconds; if no listener's screen has acknowledged the alert by then, their crisis
        # page says no listener has seen it yet and points at the phone and text lines.
        "CRISIS_ACK_WAIT_SECONDS": _int_env("CRISIS_ACK_WAIT_SECONDS", 15),
        # A member in line for a listener: their page asks this often whether anyone is still on
        # duty, and if nobody is, says so with the crisis resources (support.js, support_status).
        "SUPPORT_STATUS_POLL_SECONDS": _int_env("SUPPORT_STATUS_POLL_SECONDS", 30),
        # Whether the learned model's "possible risk" opens check-in items for listeners (the post
        # publishes as usual). On: round 2's model sends 7% of the corpus's held-aside ordinary posts
        # there and 14% of the validation set's (bench/screening.py), and without the lane a member
        # whose words no rule foresaw and the model found only possibly at risk reaches no listener.
        # 0 turns it off (verdicts still carry the risk score and its reasons).
        "CHECK_IN_LANE": _int_env("CHECK_IN_LANE", 1) == 1,
        # Group and thread pages as visitors (no session) see them are kept, rendered, until a
        # write changes what they show (community/page_cache.py). 0 renders every page afresh.
        "PAGE_CACHE": _int_env("PAGE_CACHE", 1) == 1,
        # A signed-in member's group and thread pages are kept for them alone (their session),
        # until a write changes what they show them (community/page_cache.py, page_stamps.py).
        # 0 renders every member's page afresh; PAGE_CACHE=0 turns this off too.
        "MEMBER_PAGE_CACHE": _int_env("MEMBER_PAGE_CACHE", 1) == 1,
        # Post blocks that members see alike are kept, rendered, keyed by everything they show
        # (community/fragments.py): never stale, so no Redis needed. 0 renders every block afresh.
        "FRAGMENT_CACHE": _int_env("FRAGMENT_CACHE", 1) == 1,
    }
    config.update(overrides)
    config["REDIS_URL"] = _redis_url(config["REDIS_URL"])
    if not config["REDIS_URL"] and _int_env("KINDRED_SERVER_WORKERS", 1) > 1:
        # Several worker processes and nothing shared between them: a write on one could not
        # retire the pages the others keep, and a removed post would stay visible to visitors.
        config["PAGE_CACHE"] = False
    # A pooled connection to a database server may have been dropped: test it before use.
    # An SQLite file has no connection to lose, so it skips the extra query per request.
    config.setdefault("SQLALCHEMY_ENGINE_OPTIONS",
                      {"pool_pre_ping": not config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")})  # fmt: skip
    # A failed statement's error names its SQL, never its parameters: those are members' words.
    config["SQLALCHEMY_ENGINE_OPTIONS"] = {"hide_parameters": True, **config["SQLALCHEMY_ENGINE_OPTIONS"]}
    return config
