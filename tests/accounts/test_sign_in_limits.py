"""Guessing at one account from many addresses meets a limit; the owner's own browser does not."""

from tests.conftest import PASSWORD, Browser

WRONG_PASSWORD = "wrong guess!"


def attempt(browser: Browser, address: str, username: str = "sam", password: str = WRONG_PASSWORD):
    return browser.post("/signin", {"username": username, "password": password},
                        environ_base={"REMOTE_ADDR": address})  # fmt: skip


def test_guesses_from_many_addresses_meet_a_per_account_limit(app, make_user):
    make_user("sam")
    attacker = Browser(app.test_client())
    statuses = [attempt(attacker, f"10.0.0.{n % 6}").status_code for n in range(12)]
    assert statuses[:10] == [400] * 10 and statuses[10:] == [429, 429]
    # The right password from a new browser waits too: the limit is on the account.
    assert attempt(Browser(app.test_client()), "10.0.1.1", password=PASSWORD).status_code == 429


def test_unknown_accounts_are_limited_alike(app):
    attacker = Browser(app.test_client())
    statuses = [attempt(attacker, f"10.0.0.{n % 6}", username="nobody").status_code for n in range(11)]
    assert statuses[10] == 429


def test_the_owner_s_known_browser_is_not_locked_out(app, make_user):
    make_user("sam")
    owner = Browser(app.test_client())
    assert attempt(owner, "192.0.2.7", password=PASSWORD).status_code == 302
    owner.post("/signout")
    attacker = Browser(app.test_client())
    for n in range(12):
        attempt(attacker, f"10.0.0.{n % 6}")
    assert attempt(owner, "192.0.2.7", password=PASSWORD).status_code == 302


def test_successful_sign_ins_do_not_count(app, make_user):
    make_user("sam")
    statuses = []
    for n in range(12):
        member = Browser(app.test_client())
        statuses.append(attempt(member, f"10.0.2.{n}", password=PASSWORD).status_code)
    assert statuses == [302] * 12
