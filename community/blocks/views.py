"""Block and unblock from a profile. From a post or a chat message: forum and chat views, by alias when anonymous."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
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


@bp.route("/u/<username>/block", methods=["GET", "POST"])
@login_required
def block(username: str):
    """A confirmation page (works without JavaScript), then the block of the account."""
    member = _member(username)
    form = ConfirmForm()
    if not form.validate_on_submit():  # CSRF is enforced app-wide
        return render_template("blocks/confirm.html", form=form, name=member.display_name, anonymous=False,
                               back=url_for("accounts.profile", username=username))  # fmt: skip
    service.block(current_user, member.id)
    flash("Blocked. You won't see their posts or messages; they aren't told.", "info")
    return redirect(url_for("accounts.profile", username=username))


@bp.post("/u/<username>/unblock")
@login_required
def unblock(username: str):
    ConfirmForm().validate_on_submit()
    service.unblock(current_user, _member(username).id)
    flash("Unblocked.", "info")
    return redirect(url_for("accounts.profile", username=username))
