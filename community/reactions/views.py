"""Reacting with a plain form (works without JavaScript); static/js/reactions.js sends it live instead."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import current_user, login_required

from community.errors import InvalidInput, RateLimited
from community.forms import ConfirmForm
from community.forum import access
from community.reactions import service

bp = Blueprint("reactions", __name__)


@bp.post("/p/<int:post_id>/react")
@login_required
def react(post_id: int):
    post = access.get_published_post(current_user, post_id)
    ConfirmForm().validate_on_submit()  # CSRF is enforced app-wide
    try:
        service.react(current_user, post, request.form.get("kind"))
    except (InvalidInput, RateLimited) as error:
        flash(error.message, "error")
    return redirect(url_for("forum.thread", thread_id=post.thread_id, _anchor=f"post-{post.id}"))
