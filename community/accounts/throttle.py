"""Per-account sign-in limits, and the known-device cookie that keeps the owner out of them.

The per-address limit alone lets someone guess at one account from many addresses. So
failed sign-ins are also counted per account (unknown usernames alike, so the limit tells
nothing about which accounts exist), in Flask-Limiter's storage: Redis when REDIS_URL is
set, shared by every process. A limit per account would let a stranger lock its owner out
by guessing; so a browser that has signed in to the account before carries a signed
"known device" cookie, and its attempts count against a limit of their own (OWASP's
device-cookie scheme). The windows ("10 per minute; 30 per hour") make the back-off: a
minute's pause after a burst, an hour at most after a sustained attack.
"""

from __future__ import annotations

import secrets

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

from community.accounts.models import User

DEVICE_COOKIE = "kindred_device"
_DEVICE_COOKIE_AGE = 365 * 24 * 3600


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="kindred-known-device")


def _submitted_account() -> str:
    username = request.form.get("username", "")
    return username.strip().casefold()[:64] if isinstance(username, str) else ""


def _known_device(account: str) -> str | None:
    try:
        data = _serializer().loads(request.cookies.get(DEVICE_COOKIE, ""))
    except BadSignature:
        return None
    if isinstance(data, dict) and data.get("account") == account and isinstance(data.get("device"), str):
        return data["device"]
    return None


def account_key() -> str:
    """Flask-Limiter's key for a sign-in attempt: the account, or the account on a known device."""
    account = _submitted_account()
    device = _known_device(account)
    return f"sign-in:{account}:device:{device}" if device else f"sign-in:{account}"


def account_limit() -> str:
    return current_app.config["SIGN_IN_ACCOUNT_RATE_LIMIT"]


def failed(response: Response) -> bool:
    """Only failed attempts count against the account: the owner signing in costs nothing."""
    return response.status_code == 400


def remember_device(response: Response, user: User) -> None:
    """Mark this browser as one ``user`` has signed in with."""
    value = _serializer().dumps({"account": user.username_key, "device": secrets.token_urlsafe(12)})
    response.set_cookie(DEVICE_COOKIE, value, max_age=_DEVICE_COOKIE_AGE, httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"])  # fmt: skip
