"""Sign up, sign in and out, and member profiles."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from community.accounts import service
from community.accounts.forms import SignInForm, SignUpForm
from community.blocks import access as blocks
from community.errors import InvalidInput, NotFound
from community.extensions import limiter
from community.forum import access as forum_access

bp = Blueprint("accounts", __name__)


def _safe_next(target: str | None) -> str:
    # Only same-site paths: an open redirect would let a phishing link borrow our name.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("pages.home")


@bp.route("/signup", methods=["GET", "POST"])
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
    login_user(user)
    flash("Welcome to Kindred. Take a look around and join a group when you're ready.", "success")
    return redirect(url_for("pages.home"))


def _sign_in_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


@bp.route("/signin", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def sign_in():
    form = SignInForm()
    if not form.validate_on_submit():
        return render_template("accounts/sign_in.html", form=form), 400 if form.is_submitted() else 200
    user = service.authenticate(form.username.data, form.password.data)
    if user is None:
        # One message for a wrong password and an unknown user: no username probing.
        form.form_errors.append("That username and password don't match. Please try again.")
        return render_template("accounts/sign_in.html", form=form), 400
    login_user(user)
    return redirect(_safe_next(request.args.get("next")))


@bp.post("/signout")
@login_required
def sign_out():
    logout_user()
    flash("You're signed out. Take care.", "info")
    return redirect(url_for("pages.home"))


@bp.get("/u/<username>")
def profile(username: str):
    user = service.find_by_username(username)
    if user is None:
        raise NotFound("We couldn't find that member.")
    # Only posts signed with the name: anonymous posts never appear on a profile.
    posts = forum_access.named_posts_by(user, viewer=current_user)
    blocked = current_user.is_authenticated and blocks.has_blocked(current_user, user.id)
    return render_template("accounts/profile.html", member=user, posts=posts, blocked=blocked)
