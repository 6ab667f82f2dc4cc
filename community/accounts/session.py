"""Flask-Login wiring: how a session cookie becomes a member."""

from __future__ import annotations

from flask_login import LoginManager

from community.accounts import sessions


def register(login_manager: LoginManager) -> None:
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    # A stolen cookie stops working when the network or browser changes.
    login_manager.session_protection = "strong"

    # A cookie is only as good as its server-side session: signing out anywhere ends it.
    login_manager.user_loader(sessions.load_member)
