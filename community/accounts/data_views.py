"""A member's data: export it as a ZIP, or delete the account."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from community.accounts import deletion, export, sessions
from community.accounts.forms import DeleteAccountForm
from community.errors import InvalidInput
from community.extensions import limiter

bp = Blueprint("data", __name__, url_prefix="/settings")


def _per_member(action: str):
    # Flask-Limiter asks for the key before the blueprint's sign-in check runs.
    return lambda: f"{action}:{getattr(current_user, 'id', 'visitor')}"


@bp.before_request
@login_required
def _members_only() -> None:
    """Every page here is the signed-in member's own."""


@bp.get("/data")
def show():
    return render_template("accounts/data.html", export=export.latest(current_user))


@bp.post("/data/export")
@limiter.limit("5 per day", key_func=_per_member("export"))
def start_export():
    export.request_export(current_user)
    return redirect(url_for("data.show")), 303


@bp.get("/data/export/<int:export_id>.zip")
def download(export_id: int):
    archive = export.download(current_user, export_id)
    return Response(archive, mimetype="application/zip",
                    headers={"Content-Disposition": 'attachment; filename="kindred-data.zip"'})  # fmt: skip


@bp.route("/delete", methods=["GET", "POST"])
@limiter.limit("10 per hour", key_func=_per_member("delete"), methods=["POST"])
def delete_account():
    form = DeleteAccountForm()
    if not form.validate_on_submit():
        return render_template("accounts/delete.html", form=form), 400 if form.is_submitted() else 200
    try:
        deletion.delete_account(current_user, form.password.data, keep_posts=form.posts.data == "keep")
    except InvalidInput as error:
        form.form_errors.append(error.message)
        return render_template("accounts/delete.html", form=form), 400
    sessions.end_this()
    flash("Your account is deleted. Thank you for being part of Kindred; take care of yourself.", "info")
    return redirect(url_for("pages.home"))
