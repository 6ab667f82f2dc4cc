"""Signing up, in and out, through the pages a person uses."""

import sqlalchemy as sa

from community.accounts.models import User
from community.extensions import db
from tests.conftest import PASSWORD, text


def count_users() -> int:
    return db.session.scalar(sa.select(sa.func.count(User.id)))


def test_sign_up_needs_only_a_username_and_password(browser):
    response = browser.post("/signup", {"username": "sam", "password": PASSWORD})
    assert response.status_code == 302
    home = text(browser.get("/"))
    assert "Sign out" in home and "sam" in home
    user = db.session.scalar(sa.select(User))
    assert user.email is None and user.password_hash.startswith(("scrypt:", "pbkdf2:")) is True
    assert PASSWORD not in user.password_hash


def test_usernames_are_unique_ignoring_case(browser, make_user):
    make_user("Sam")
    response = browser.post("/signup", {"username": "sAM", "password": PASSWORD})
    assert response.status_code == 400
    assert "That username is taken" in text(response)
    assert count_users() == 1


def test_sign_up_rejects_bad_input_with_a_clear_message(browser):
    cases = [
        ({"username": "s", "password": PASSWORD}, "Field must be between 3 and 32 characters"),
        ({"username": "sam", "password": "short"}, "Your password needs at least 10 characters"),
        ({"username": "bad name!", "password": PASSWORD}, "letters, digits, dots, dashes or underscores"),
        ({"username": "anonymous", "password": PASSWORD}, "That username is reserved"),
        ({"username": "sam", "password": PASSWORD, "email": "not-an-email"}, "Invalid email address"),
        ({"username": "x" * 5000, "password": PASSWORD}, "Field must be between 3 and 32 characters"),
    ]
    for data, message in cases:
        response = browser.post("/signup", data)
        assert response.status_code == 400, data
        assert message in text(response), data
    assert count_users() == 0


def test_sign_in_gives_one_message_for_unknown_user_and_wrong_password(browser, make_user):
    make_user("sam")
    wrong_password = browser.post("/signin", {"username": "sam", "password": "not the password"})
    unknown_user = browser.post("/signin", {"username": "nobody", "password": PASSWORD})
    for response in (wrong_password, unknown_user):
        assert response.status_code == 400
        assert "That username and password don't match" in text(response)
    assert "Sign out" not in text(browser.get("/"))


def test_sign_in_accepts_any_case_and_sign_out_ends_the_session(browser, make_user):
    make_user("Sam")
    assert browser.sign_in("SAM").status_code == 302
    assert "Sign out" in text(browser.get("/"))
    assert browser.post("/signout").status_code == 302
    assert "Sign out" not in text(browser.get("/"))


def test_sign_in_is_rate_limited(browser, make_user):
    make_user("sam")
    statuses = [browser.post("/signin", {"username": "sam", "password": "wrong one!"}).status_code
                for _ in range(11)]  # fmt: skip
    assert statuses[:10] == [400] * 10
    assert statuses[10] == 429
    assert browser.sign_in("sam").status_code == 429


def test_sign_in_only_redirects_to_our_own_pages(browser, make_user):
    make_user("sam")
    browser.get("/")
    response = browser.post("/signin?next=//evil.example/steal", {"username": "sam", "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_forms_without_a_csrf_token_are_refused(browser, make_user):
    make_user("sam")
    response = browser.post("/signin", {"username": "sam", "password": PASSWORD}, csrf=False)
    assert response.status_code == 400
    assert "This form expired" in text(response)
    wrong = browser.post("/signup", {"username": "kim", "password": PASSWORD, "csrf_token": "forged"})
    assert wrong.status_code == 400
    assert count_users() == 1


def test_session_cookie_is_http_only_and_same_site_lax(browser, make_user):
    make_user("sam")
    response = browser.sign_in("sam")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
