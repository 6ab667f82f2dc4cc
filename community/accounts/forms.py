"""Sign-up and sign-in forms (Flask-WTF: every form carries a CSRF token)."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from community.accounts.passwords import LENGTH_MESSAGE, MAX_PASSWORD, MIN_PASSWORD
from community.accounts.service import MAX_DISPLAY_NAME


class SignUpForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(3, 32)],
                           description="3 to 32 letters, digits, dots, dashes or underscores. "
                                       "Others see it unless you post anonymously.")  # fmt: skip
    display_name = StringField(
        "Display name (optional)",
        validators=[Optional(), Length(max=MAX_DISPLAY_NAME)],
        description="A first name or nickname. You don't need to use your real name.",
    )
    email = EmailField(
        "Email (optional)",
        validators=[Optional(), Email(), Length(max=254)],
        description="Only for emailing you a link if you forget your password. We never show it to anyone.",
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired(), Length(MIN_PASSWORD, MAX_PASSWORD, LENGTH_MESSAGE)],
        description=f"At least {MIN_PASSWORD} characters. A short sentence works well.",
    )


class SignInForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=64)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=MAX_PASSWORD)])
