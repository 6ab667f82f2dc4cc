"""/settings/content: which content warnings stay folded. A page of its own, to link from /settings."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from community.errors import InvalidInput
from community.forms import ConfirmForm
from community.warnings import service
from community.warnings.topics import TOPICS

bp = Blueprint("warnings", __name__)


@bp.route("/settings/content", methods=["GET", "POST"])
@login_required
def content_settings():
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("warnings/settings.html", form=form, topics=TOPICS,
                               folded=service.folded_topics(current_user))  # fmt: skip
    try:
        service.choose_folded_topics(current_user, request.form.getlist("fold"))
    except InvalidInput as error:
        flash(error.message, "error")
        return redirect(url_for("warnings.content_settings")), 303
    flash("Saved. Posts with these warnings stay folded until you open them.", "success")
    return redirect(url_for("warnings.content_settings"))
