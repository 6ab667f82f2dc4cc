"""Moderator forms: every decision is a POST with a CSRF token."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField


class ApproveForm(FlaskForm):
    edited_text = TextAreaField(
        "Text to publish", description="Edit only what must change; the author will see what you changed."
    )
    attach_context = BooleanField("Attach the claim's correction and source as a context note")
    note = StringField("Note for the audit log (optional)")


class RejectForm(FlaskForm):
    author_message = TextAreaField(
        "What the author will read", description="Kind words on why, so they can revise and resubmit."
    )
    note = StringField("Note for the audit log (optional)")


class ResolveForm(FlaskForm):
    note = TextAreaField("How you followed up", description="For the audit log: who you reached, what you agreed.")
    publish = BooleanField("Also publish the content to the group")


class RevealForm(FlaskForm):
    reason = TextAreaField("Why you need to see who wrote this", description="Written to the audit log with your name.")
