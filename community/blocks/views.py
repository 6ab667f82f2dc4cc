"""Block and unblock from a profile. From a chat message: the ``block_author`` socket event."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user, login_required

from community.accounts import service as accounts
from community.blocks import service
from community.errors import NotFound
from community.forms import ConfirmForm

bp = Blueprint("blocks", __name__)


def _member(username: str):
    member = accounts.find_by_username(username)
    if member is None:
        raise NotFound("We couldn't find that member.")
    return member


@bp.post("/u/<username>/block")
@login_required
def block(username: str):
    ConfirmForm().validate_on_submit()  # CSRF is enforced app-wide
    service.block(current_user, _member(username).id)
    flash("Blocked. You won't see their posts or messages; they aren't told.", "info")
    return redirect(url_for("accounts.profile", username=username))


@bp.post("/u/<username>/unblock")
@login_required
def unblock(username: str):
    ConfirmForm().validate_on_submit()
    service.unblock(current_user, _member(username).id)
    flash("Unblocked.", "info")
    return redirect(url_for("accounts.profile", username=username))
