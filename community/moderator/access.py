"""Who may use the moderator view: listeners and admins. Everyone else gets the same 403."""

from __future__ import annotations

import functools

from flask import redirect, request, url_for
from flask_login import current_user

from community.errors import Forbidden

FORBIDDEN = "The moderator view is for trained listeners."


def listener_required(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("accounts.sign_in", next=request.path))
        if not current_user.is_listener:
            raise Forbidden(FORBIDDEN)
        return view(*args, **kwargs)

    return wrapper
