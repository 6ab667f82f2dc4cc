"""Flask-Login wiring: how a session cookie becomes a member."""

from __future__ import annotations

from flask_login import LoginManager

from community.accounts.models import User
from community.extensions import db


def register(login_manager: LoginManager) -> None:
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    # A stolen cookie stops working when the network or browser changes.
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def _load(user_id: str) -> User | None:
        return db.session.get(User, int(user_id)) if user_id.isdigit() else None
