"""What an author sees right after submitting content through a form.

The crisis flow's rule for every form: crisis goes straight to the resources page,
in the same request. Held content says so once, kindly; the content itself shows
why, to its author only (moderation.notices).
"""

from __future__ import annotations

from flask import flash, redirect, url_for

from moderation.pipeline import Review
from moderation.queue import listeners_on_duty

HELD = "Your words are saved. Only you and the listeners can see them for now."


def respond(review: Review, target: str):
    if review.decision.crisis:
        # Say a listener was told only when one was: with nobody on duty the alert waits.
        if listeners_on_duty() > 0:
            return redirect(url_for("pages.crisis", alerted=1))
        return redirect(url_for("pages.crisis", held=1))
    if not review.published:
        flash(HELD, "info")
    return redirect(target)
