"""Email through the SMTP server that MAIL_URL names, sent after the commit, off the request.

MAIL_URL: ``smtp://host:port`` (``?starttls=1`` to upgrade), ``smtps://host:port`` for TLS
from the start, with ``user:password@`` when the server wants a login. Sending happens in
a background task, so a reset request answers in the same time whether or not a message
goes out (the response must not tell who has an account). Message bodies are never
logged: they carry reset links.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy.orm import Session

from community.extensions import socketio

_PENDING = "kindred.pending_mail"


def configured() -> bool:
    return bool(current_app.config.get("MAIL_URL"))


def send_after_commit(session: Session, to: str, subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"], message["Subject"] = to, subject
    message.set_content(body)
    session.info.setdefault(_PENDING, []).append(message)


def _connect(url: str) -> smtplib.SMTP:
    parts = urlsplit(url)
    if parts.scheme == "smtps":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(parts.hostname, parts.port or 465, timeout=20,
                                              context=ssl.create_default_context())  # fmt: skip
    else:
        smtp = smtplib.SMTP(parts.hostname, parts.port or 25, timeout=20)
        if parse_qs(parts.query).get("starttls") == ["1"]:
            smtp.starttls(context=ssl.create_default_context())
    if parts.username:
        smtp.login(unquote(parts.username), unquote(parts.password or ""))
    return smtp


def _deliver(app: Flask, messages: list[EmailMessage]) -> None:
    with app.app_context():
        try:
            with _connect(app.config["MAIL_URL"]) as smtp:
                for message in messages:
                    smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            # The error's class only: its text may quote an address.
            app.logger.warning("Could not send %d email(s): %s", len(messages), type(error).__name__)


@sa.event.listens_for(Session, "after_commit")
def _send_pending(session: Session) -> None:
    messages = session.info.pop(_PENDING, [])
    if messages:
        socketio.start_background_task(_deliver, current_app._get_current_object(), messages)


@sa.event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)
