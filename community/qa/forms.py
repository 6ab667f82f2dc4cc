"""Q&A forms. Lengths and times are checked by the use cases, which give the messages people see."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateTimeLocalField, IntegerField, StringField, TextAreaField
from wtforms.validators import Optional

ANONYMOUS_HELP = "Others see an alias like “Anonymous Heron”, never your name. The host doesn't see it either."


class ScheduleForm(FlaskForm):
    title = StringField("Title")
    description = TextAreaField("What will you cover?", description="Plain words; members see this before they join.")
    # The view names the clinician's own zone in the label and converts the time to UTC.
    starts_at = DateTimeLocalField("Starts at (UTC)", format="%Y-%m-%dT%H:%M", validators=[Optional()])
    duration = IntegerField(
        "Length in minutes",
        default=60,
        validators=[Optional()],
        description="Between 15 and 240 minutes.",
    )


class QuestionForm(FlaskForm):
    body = TextAreaField("Your question", description="Keep it general: the answers are for everyone here.")
    anonymous = BooleanField("Ask anonymously", description=ANONYMOUS_HELP)


class AnswerForm(FlaskForm):
    body = TextAreaField("Your answer", description="Markdown works: **bold**, *italic*, lists and links.")
