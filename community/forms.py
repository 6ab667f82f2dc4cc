"""Forms every feature shares."""

from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup


class ConfirmForm(FlaskForm):
    """A button that changes something (join, delete, block, claim): only its CSRF token."""


def csrf_field() -> Markup:
    """The hidden form-token field, exactly as a form's ``csrf_token`` field renders it, for a page
    whose many small forms (a thread's reactions, its Join button) need nothing else: building a
    WTForms form to render one hidden input cost a tenth of a member's thread page. The token
    itself is Flask-WTF's, made once per request."""
    return Markup('<input id="csrf_token" name="csrf_token" type="hidden" value="{}">').format(generate_csrf())
