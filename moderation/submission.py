"""What an author sees right after submitting content through a form.

The crisis flow's rule for every form: crisis goes straight to the resources page,
in the same request. Held content says so once, kindly; the content itself shows
why, to its author only (moderation.notices).
"""

from __future__ import annotations

from flask import flash, redirect, url_for

from moderation.pipeline import Review

HELD = "Your words are saved. Only you and the listeners can see them for now."


def respond(review: Review, target: str):
    if review.decision.crisis:
        # The page reads where the alert stands from the database (moderation.alert_status),
        # never from the URL: a listener was told only once one acknowledged it.
        return redirect(url_for("pages.crisis"))
    if not review.published:
        flash(HELD, "info")
    return redirect(target)
