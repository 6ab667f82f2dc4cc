"""Getting back in: recovery codes (shown once, regenerable) and reset links by email."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from community.accounts import mail, recovery, reset, sessions, throttle
from community.accounts.forms import ConfirmPasswordForm, ForgotForm, RecoverForm, ResetForm
from community.accounts.service import check_password
from community.errors import InvalidInput
from community.extensions import limiter

bp = Blueprint("recovery", __name__)

# Codes made at sign-up wait here, in the member's own cookie, until the page shows them once.
FRESH_CODES = "fresh_recovery_codes"


def _address_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


def _email_key() -> str:
    email = request.form.get("email", "")
    return "reset-email:" + (email.strip().casefold()[:254] if isinstance(email, str) else "")


@bp.get("/welcome/recovery-codes")
@login_required
def fresh_codes():
    codes = session.pop(FRESH_CODES, None)
    if not codes:
        return redirect(url_for("pages.home"))
    return render_template("accounts/recovery_codes.html", codes=codes, welcome=True)


@bp.post("/settings/recovery-codes")
@login_required
def regenerate_codes():
    form = ConfirmPasswordForm()
    if not form.validate_on_submit() or not check_password(current_user, form.password.data):
        flash("Your password is not right, so your recovery codes are unchanged.", "error")
        return redirect(url_for("settings.show", _anchor="recovery-heading")), 303
    codes = recovery.issue_codes(current_user)
    return render_template("accounts/recovery_codes.html", codes=codes, welcome=False)


@bp.route("/recover", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"])
@limiter.limit(throttle.account_limit, key_func=throttle.account_key, methods=["POST"], deduct_when=throttle.failed)
def recover():
    form = RecoverForm()
    if not form.validate_on_submit():
        return render_template("accounts/recover.html", form=form), 400 if form.is_submitted() else 200
    try:
        user = recovery.recover(form.username.data, form.code.data, form.new_password.data)
    except InvalidInput as error:
        form.form_errors.append(error.message)
        return render_template("accounts/recover.html", form=form), 400
    sessions.begin(user)
    left = recovery.codes_left(user)
    flash(f"Your new password is set, and you're signed in. You have {left} recovery codes left; "
          "you can make a new set in Settings.", "success")  # fmt: skip
    return redirect(url_for("pages.home"))


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"])
@limiter.limit("3 per hour", key_func=_email_key, methods=["POST"])
def forgot():
    form = ForgotForm()
    if not mail.configured():
        return render_template("accounts/forgot.html", form=form, mail_ready=False)
    if not form.validate_on_submit():
        return render_template("accounts/forgot.html", form=form, mail_ready=True), 400 if form.is_submitted() else 200
    reset.request_reset(form.email.data, lambda token: url_for("recovery.reset_page", token=token, _external=True))
    # The same words whether or not an account has this address.
    flash("If an account has that email address, we've sent it a link. It works for an hour.", "info")
    return redirect(url_for("accounts.sign_in"))


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"])
def reset_page(token: str):
    form = ResetForm()
    try:
        reset.check_link(token)
        if not form.validate_on_submit():
            return render_template("accounts/reset.html", form=form), 400 if form.is_submitted() else 200
        user = reset.reset_password(token, form.new_password.data)
    except InvalidInput as error:
        form.form_errors.append(error.message)
        return render_template("accounts/reset.html", form=form, expired=error.message == reset.EXPIRED), 400
    sessions.begin(user)
    flash("Your new password is set, and you're signed in.", "success")
    return redirect(url_for("pages.home"))
