"""Forum forms. Lengths are checked by the use cases, which give the messages members see."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from community.warnings.topics import TOPICS

WARNING_CHOICES = [SelectChoice("", "No warning"), *(SelectChoice(key, label) for key, label in TOPICS.items())]
WARNING_HELP = "Readers see the warning first and open the post with one click."


def _warning_field() -> SelectField:
    return SelectField("Content warning", choices=WARNING_CHOICES, validate_choice=False, description=WARNING_HELP)


ANONYMOUS_HELP = "Others see an alias like “Anonymous Heron”, not your name. You'll still see it's yours."


class ThreadForm(FlaskForm):
    title = StringField("Title")
    body = TextAreaField(
        "What would you like to say?", description="Markdown works: **bold**, *italic*, lists and links."
    )
    anonymous = BooleanField("Post anonymously", description=ANONYMOUS_HELP)
    warning = _warning_field()
    warning_offered = HiddenField()  # "1" once the screener suggested a warning: the next post goes as chosen


class ReplyForm(FlaskForm):
    body = TextAreaField("Your reply", description="Markdown works: **bold**, *italic*, lists and links.")
    anonymous = BooleanField("Reply anonymously", description=ANONYMOUS_HELP)
    warning = _warning_field()
    warning_offered = HiddenField()


class EditForm(FlaskForm):
    title = StringField("Title")
    body = TextAreaField("Post")
