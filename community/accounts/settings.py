"""The member's own settings: profile, time zone, password, signing out everywhere."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from community.accounts import service
from community.accounts.forms import PasswordChangeForm, ProfileForm
from community.errors import InvalidInput

bp = Blueprint("settings", __name__, url_prefix="/settings")


@bp.before_request
@login_required
def _members_only() -> None:
    """Every page here is the signed-in member's own."""


def _profile_form() -> ProfileForm:
    form = ProfileForm(obj=current_user)
    form.time_zone.choices = [SelectChoice("", "UTC (not chosen)")] + [SelectChoice(z, z) for z in service.time_zones()]
    return form


def _page(profile: ProfileForm | None = None, password: PasswordChangeForm | None = None, status: int = 200):
    return render_template("accounts/settings.html", profile=profile or _profile_form(),
                           password=password or PasswordChangeForm(), **extra_sections()), status  # fmt: skip


def extra_sections() -> dict:
    """What the recovery, export and deletion sections need (filled in by those features)."""
    return {}


@bp.get("")
def show():
    return _page()


@bp.post("/profile")
def update_profile():
    form = _profile_form()
    if not form.validate_on_submit():
        return _page(profile=form, status=400)
    try:
        service.update_profile(current_user, display_name=form.display_name.data, bio=form.bio.data or "",
                               time_zone=form.time_zone.data or "")  # fmt: skip
    except InvalidInput as error:
        form.form_errors.append(error.message)
        return _page(profile=form, status=400)
    flash("Your profile is saved.", "success")
    return redirect(url_for("settings.show"))


@bp.post("/password")
def change_password():
    form = PasswordChangeForm()
    if not form.validate_on_submit():
        return _page(password=form, status=400)
    try:
        service.change_password(current_user, form.current_password.data, form.new_password.data)
    except InvalidInput as error:
        form.form_errors.append(error.message)
        return _page(password=form, status=400)
    flash("Your password is changed. Every other device has been signed out.", "success")
    return redirect(url_for("settings.show"))
