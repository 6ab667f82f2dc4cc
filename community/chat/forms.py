"""Chat forms: how to appear in a room, and sending a message without JavaScript."""

from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice

APPEARANCES = {"name": "Use my name", "anonymous": "Stay anonymous"}


class IdentityForm(FlaskForm):
    appear = RadioField(
        "How do you want to appear in this room?",
        choices=[SelectChoice(value, label) for value, label in APPEARANCES.items()],
        validate_choice=False,
    )


class MessageForm(FlaskForm):
    body = TextAreaField("Message")
