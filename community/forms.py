"""Forms every feature shares."""

from flask_wtf import FlaskForm


class ConfirmForm(FlaskForm):
    """A button that changes something (join, delete, block, claim): only its CSRF token."""
