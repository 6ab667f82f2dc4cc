"""Weak passwords are refused with a clear message, at sign-up and on change."""

import pytest
import sqlalchemy as sa

from community.accounts.models import User
from community.extensions import db
from tests.conftest import text


@pytest.mark.parametrize(
    ("password", "hint"),
    [
        ("aaaaaaaaaa", "Repeats like"),
        ("password12", "This is a very common password"),
        ("samwise-sam", "It contains your username or display name"),
        ("1234567890", "too easy to guess"),
        ("qwertyuiop", "too easy to guess"),
    ],
)
def test_sign_up_refuses_easy_passwords(browser, password, hint):
    response = browser.post("/signup", {"username": "samwise", "password": password})
    assert response.status_code == 400
    page = text(response)
    assert "That password is too easy to guess" in page and hint in page
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def test_a_short_password_gets_a_friendly_message(browser):
    page = text(browser.post("/signup", {"username": "sam", "password": "short"}))
    assert "Your password needs at least 10 characters" in page
    assert "Field must be between" not in page


def test_a_strong_password_or_long_sentence_is_welcome(browser):
    sentence = "my cat sleeps on the warm laptop every morning " * 4  # longer than zxcvbn scores
    assert browser.post("/signup", {"username": "sam", "password": "violet tram ladder"}).status_code == 302
    other = browser.__class__(browser.client.application.test_client())
    assert other.post("/signup", {"username": "kim", "password": sentence[:200]}).status_code == 302
