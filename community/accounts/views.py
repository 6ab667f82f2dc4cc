"""Sign up, sign in and out, and member profiles."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from community.accounts import recovery, recovery_views, service, sessions, throttle
from community.accounts.deletion import FORMER_USERNAME
from community.accounts.forms import SignInForm, SignUpForm
from community.accounts.next_page import safe_next
from community.blocks import access as blocks
from community.errors import InvalidInput, NotFound
from community.extensions import limiter
from community.forum import access as forum_access
from moderation import reports

bp = Blueprint("accounts", __name__)


def _sign_up_limit() -> str:
    return current_app.config["SIGN_UP_RATE_LIMIT"]


@bp.route("/signup", methods=["GET", "POST"])
# Only accounts made count: a person correcting a refused form is not making puppets.
@limiter.limit(_sign_up_limit, methods=["POST"], deduct_when=lambda response: response.status_code == 302)
def sign_up():
    form = SignUpForm()
    if not form.validate_on_submit():
        return render_template("accounts/sign_up.html", form=form), 400 if form.is_submitted() else 200
    try:
        user = service.sign_up(form.username.data, form.password.data,
                               display_name=form.display_name.data or "", email=form.email.data)  # fmt: skip
    except InvalidInput as error:
        form.form_errors.append(error.message)
        return render_template("accounts/sign_up.html", form=form), 400
    sessions.begin(user)
    # Shown once on the next page, then gone: only their hashes are stored.
    session[recovery_views.FRESH_CODES] = recovery.issue_codes(user)
    flash("Welcome to Kindred. Take a look around and join a group when you're ready.", "success")
    return redirect(url_for("recovery.fresh_codes"))


def _sign_in_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


@bp.route("/signin", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
@limiter.limit(throttle.account_limit, key_func=throttle.account_key, methods=["POST"], deduct_when=throttle.failed)
def sign_in():
    form = SignInForm()
    if not form.validate_on_submit():
        return render_template("accounts/sign_in.html", form=form), 400 if form.is_submitted() else 200
    user = service.authenticate(form.username.data, form.password.data)
    if user is None:
        # One message for a wrong password and an unknown user: no username probing.
        form.form_errors.append("That username and password don't match. Please try again.")
        return render_template("accounts/sign_in.html", form=form), 400
    sessions.begin(user)
    # Only same-site paths: an open redirect would let a phishing link borrow our name.
    response = redirect(safe_next(request.args.get("next"), url_for("pages.home")))
    throttle.remember_device(response, user)
    return response


@bp.post("/signout")
@login_required
def sign_out():
    sessions.end_this()
    flash("You're signed out. Take care.", "info")
    return redirect(url_for("pages.home"))


@bp.post("/signout/everywhere")
@login_required
def sign_out_everywhere():
    sessions.end_all(current_user, keep_current=False)
    sessions.end_this()
    flash("You're signed out on every device. Take care.", "info")
    return redirect(url_for("pages.home"))


def _named_member(username: str):
    user = service.find_by_username(username)
    if user is None or user.username_key == FORMER_USERNAME:
        raise NotFound("We couldn't find that member.")
    return user


@bp.get("/u/<username>")
def profile(username: str):
    user = _named_member(username)
    # Only posts signed with the name: anonymous posts never appear on a profile.
    posts = forum_access.named_posts_by(user, viewer=current_user)
    blocked = current_user.is_authenticated and blocks.has_blocked(current_user, user.id)
    return render_template("accounts/profile.html", member=user, posts=posts, blocked=blocked)


@bp.route("/u/<username>/report", methods=["GET", "POST"])
@login_required
@limiter.limit(reports.REPORT_LIMIT, key_func=reports.reporter_key, methods=["POST"])
def report_profile(username: str):
    """A confirmation page with a reason (works without JavaScript), then a report listeners see."""
    member = _named_member(username)
    if member.id == current_user.id:
        raise NotFound("We couldn't find that member.")  # one's own profile offers no Report
    back = url_for("accounts.profile", username=member.username)
    form = reports.ReportForm()
    if not form.is_submitted():
        return render_template("forum/report.html", form=form, what=f"{member.display_name}'s profile", back=back)
    try:
        reports.report_profile(current_user, member, reason=form.reason.data, note=form.note.data)
    except InvalidInput as error:
        form.form_errors.append(error.message)
        return render_template("forum/report.html", form=form, what=f"{member.display_name}'s profile",
                               back=back), 400  # fmt: skip
    flash("Thank you. A listener will look at this profile soon.", "success")
    return redirect(back)
