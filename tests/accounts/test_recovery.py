"""Getting back in without email (recovery codes) and with it (a reset link through real SMTP)."""

import email
import re
import socket
import time

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from community.accounts.models import PasswordReset, RecoveryCode, User
from community.extensions import db
from tests.conftest import PASSWORD, Browser, text

CODE = re.compile(r"<code>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})</code>")
NEW_PASSWORD = "violet tram ladder"


class Inbox:
    def __init__(self):
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted"

    def wait_for(self, count: int, timeout: float = 5.0) -> list:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


@pytest.fixture
def inbox(app):
    """A real SMTP server on 127.0.0.1 that the app sends its mail to."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    app.config["MAIL_URL"] = f"smtp://127.0.0.1:{port}"
    yield box
    app.config["MAIL_URL"] = None
    controller.stop()


def form_errors(response) -> str:
    return re.search(r'<div class="form-errors".*?</div>', text(response), re.S).group(0)


def flashes(response) -> str:
    return re.search(r'<div class="flashes".*?</div>', text(response), re.S).group(0)


def password_hash(username: str) -> str:
    db.session.expire_all()
    return db.session.scalar(sa.select(User.password_hash).where(User.username_key == username))


def sign_up_with_codes(browser, username="sam", **extra) -> list[str]:
    response = browser.post("/signup", {"username": username, "password": PASSWORD, **extra})
    assert response.status_code == 302
    codes = CODE.findall(browser.get(response.headers["Location"]).get_data(as_text=True))
    assert len(codes) == 10
    return codes


def test_recovery_codes_are_shown_once_at_sign_up_and_stored_hashed(browser):
    codes = sign_up_with_codes(browser)
    assert CODE.findall(browser.get("/welcome/recovery-codes", follow_redirects=True).get_data(as_text=True)) == []
    stored = db.session.scalars(sa.select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10 and not set(codes) & set(stored)


def test_a_recovery_code_sets_a_new_password_once_and_ends_old_sessions(app, browser):
    codes = sign_up_with_codes(browser)
    stranger = Browser(app.test_client())
    form = {"username": "sam", "code": codes[3].upper().replace("-", " "), "new_password": NEW_PASSWORD}
    response = stranger.post("/recover", form)
    assert response.status_code == 302
    assert "You have 9 recovery codes left" in text(stranger.get("/"))
    assert "Sign out" not in text(browser.get("/"))  # the old session ended
    assert Browser(app.test_client()).sign_in("sam", NEW_PASSWORD).status_code == 302
    again = Browser(app.test_client()).post("/recover", form | {"new_password": "another fine sentence"})
    assert again.status_code == 400
    assert Browser(app.test_client()).sign_in("sam", NEW_PASSWORD).status_code == 302


def test_a_wrong_code_and_an_unknown_name_look_the_same_and_change_nothing(app, browser):
    codes = sign_up_with_codes(browser)
    before = password_hash("sam")
    stranger = Browser(app.test_client())
    wrong = stranger.post("/recover", {"username": "sam", "code": "aaaa-bbbb-cccc", "new_password": NEW_PASSWORD})
    unknown = stranger.post("/recover", {"username": "nobody", "code": codes[0], "new_password": NEW_PASSWORD})
    weak = stranger.post("/recover", {"username": "sam", "code": codes[0], "new_password": "password12"})
    assert [r.status_code for r in (wrong, unknown, weak)] == [400, 400, 400]
    assert "don't match" in text(wrong) and "don't match" in text(unknown)
    assert form_errors(wrong) == form_errors(unknown)
    assert password_hash("sam") == before
    assert db.session.scalar(sa.select(sa.func.count()).where(RecoveryCode.used_at.is_not(None))) == 0


def test_guessing_codes_meets_the_per_account_limit(app, browser):
    sign_up_with_codes(browser)
    guesser = Browser(app.test_client())
    statuses = [
        guesser.post(
            "/recover",
            {"username": "sam", "code": f"aaaa-bbbb-{n:04d}", "new_password": NEW_PASSWORD},
            environ_base={"REMOTE_ADDR": f"10.9.0.{n}"},
        ).status_code  # fmt: skip
        for n in range(11)
    ]
    assert statuses[-1] == 429


def test_regenerating_codes_needs_the_password_and_replaces_the_old_ones(browser):
    old = sign_up_with_codes(browser)
    refused = browser.post("/settings/recovery-codes", {"password": "not my password"})
    assert refused.status_code == 303
    new = CODE.findall(browser.post("/settings/recovery-codes", {"password": PASSWORD}).get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    stale = browser.post("/recover", {"username": "sam", "code": old[0], "new_password": NEW_PASSWORD})
    assert stale.status_code == 400


def test_a_reset_link_by_email_sets_a_new_password(app, browser, inbox):
    sign_up_with_codes(browser, email="sam@example.org")
    stranger = Browser(app.test_client())
    response = stranger.post("/forgot", {"email": "SAM@example.org"})
    assert response.status_code == 302
    (message,) = inbox.wait_for(1)
    assert message["To"] == "sam@example.org"
    link = re.search(r"http://localhost(/reset/\S+)", message.get_payload(decode=True).decode()).group(1)
    assert stranger.get(link).status_code == 200
    assert stranger.post(link, {"new_password": "password12"}).status_code == 400
    assert stranger.post(link, {"new_password": NEW_PASSWORD}).status_code == 302
    assert "Sign out" not in text(browser.get("/"))
    assert stranger.post(link, {"new_password": "another fine sentence"}).status_code == 400  # single use
    assert Browser(app.test_client()).sign_in("sam", NEW_PASSWORD).status_code == 302


def test_forgot_says_the_same_for_unknown_addresses_and_sends_nothing(app, browser, inbox):
    sign_up_with_codes(browser, email="sam@example.org")
    stranger = Browser(app.test_client())
    known = stranger.post("/forgot", {"email": "sam@example.org"}, follow_redirects=True)
    unknown = stranger.post("/forgot", {"email": "kim@example.org"}, follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    assert flashes(known) == flashes(unknown) != ""
    assert len(inbox.wait_for(2, timeout=1.5)) == 1
    assert db.session.scalar(sa.select(sa.func.count(PasswordReset.id))) == 1


def test_reset_requests_are_rate_limited_per_address(app, browser, inbox):
    sign_up_with_codes(browser, email="sam@example.org")
    stranger = Browser(app.test_client())
    statuses = [stranger.post("/forgot", {"email": "sam@example.org"}).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert len(inbox.wait_for(4, timeout=1.5)) == 3


def test_a_forged_or_expired_link_is_refused(browser):
    response = browser.post("/reset/not-a-real-token", {"new_password": NEW_PASSWORD})
    assert response.status_code == 400
    assert "This link has expired or was already used" in text(response)
