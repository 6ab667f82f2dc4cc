"""Sign-up and sign-in forms (Flask-WTF: every form carries a CSRF token)."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from community.accounts.passwords import LENGTH_MESSAGE, MAX_PASSWORD, MIN_PASSWORD
from community.accounts.service import MAX_BIO, MAX_DISPLAY_NAME


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


class ProfileForm(FlaskForm):
    display_name = StringField("Display name", validators=[DataRequired(), Length(max=MAX_DISPLAY_NAME)],
                               description="Shown beside your posts unless you post anonymously.")  # fmt: skip
    bio = TextAreaField("About you (optional)", validators=[Optional(), Length(max=MAX_BIO)],
                        description=f"Shown on your profile. Up to {MAX_BIO} characters.")  # fmt: skip
    time_zone = SelectField("Time zone", validate_choice=False,
                            description="Times on Kindred are shown in this zone. "
                                        "Your browser's zone is filled in when none is chosen.")  # fmt: skip


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired(), Length(max=MAX_PASSWORD)])
    new_password = PasswordField(
        "New password",
        validators=[DataRequired(), Length(MIN_PASSWORD, MAX_PASSWORD, LENGTH_MESSAGE)],
        description="Changing it signs you out on every other device.",
    )


def _new_password_field(label: str = "New password") -> PasswordField:
    return PasswordField(label, validators=[DataRequired(), Length(MIN_PASSWORD, MAX_PASSWORD, LENGTH_MESSAGE)],
                         description=f"At least {MIN_PASSWORD} characters. A short sentence works well.")  # fmt: skip


class RecoverForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=64)])
    code = StringField("Recovery code", validators=[DataRequired(), Length(max=64)],
                       description="One of the codes you saved when you joined, like abcd-efgh-jkmn.")  # fmt: skip
    new_password = _new_password_field()


class ForgotForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])


class ResetForm(FlaskForm):
    new_password = _new_password_field()


class ConfirmPasswordForm(FlaskForm):
    """Re-entering the password before something that cannot be undone or shows secrets."""

    password = PasswordField("Your password", validators=[DataRequired(), Length(max=MAX_PASSWORD)])


class DeleteAccountForm(FlaskForm):
    posts = RadioField(
        "What should happen to what you wrote?",
        choices=[SelectChoice("erase", "Erase it. Replies from others stay, beside a note that a post was deleted."),
                 SelectChoice("keep", 'Keep it, signed "A former member", with nothing that links it to you.')],
        validators=[DataRequired(message="Please choose what happens to what you wrote.")],
    )  # fmt: skip
    password = PasswordField("Your password", validators=[DataRequired(), Length(max=MAX_PASSWORD)],
                             description="To be sure it's you.")  # fmt: skip
