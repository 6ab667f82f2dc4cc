"""What a log may keep of a member's request, for the tests that read HAProxy's and gunicorn's logs."""

from __future__ import annotations

import time
from collections.abc import Callable

ASKED = {  # what a member asked for, and the path the log keeps
    "/search?q=relapse-after-nine-months": "/search",
    "/g/quiet-room/invite/Invitation-Token-0451": "/g/quiet-room/invite/-",
    "/reset/Reset-Token-8812": "/reset/-",
}
SECRETS = ("relapse-after-nine-months", "Invitation-Token-0451", "Reset-Token-8812")


def check_logged_without_secrets(read_log: Callable[[], str], secrets=SECRETS, wait: float = 5.0) -> None:
    """Each of ASKED is logged by its kept path, and no secret is anywhere in the log. A log
    written as it goes (HAProxy's) is read again until every line is there, or ``wait`` runs out."""
    deadline = time.monotonic() + wait
    while True:
        logged = read_log()
        if all(f'"GET {shown} HTTP/1.1"' in logged for shown in ASKED.values()) or time.monotonic() >= deadline:
            break
        time.sleep(0.1)
    for shown in ASKED.values():
        assert f'"GET {shown} HTTP/1.1"' in logged, logged[-2000:]
    for secret in secrets:
        assert secret not in logged
