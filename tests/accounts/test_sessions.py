"""Signing out ends the session on the server: a copied cookie stops working, pages and sockets."""

import sqlalchemy as sa

from community.accounts.models import AccountSession
from community.extensions import db
from tests.conftest import PASSWORD, Browser, LiveClient, text


def copy_of(app, browser) -> Browser:
    """Another browser holding a copy of ``browser``'s session cookie, as a thief would."""
    thief = Browser(app.test_client())
    cookie = browser.client.get_cookie("session")
    thief.client.set_cookie("session", cookie.value, domain=cookie.domain)
    return thief


def signed_in(browser) -> bool:
    return "Sign out" in text(browser.get("/"))


def test_a_copied_cookie_stops_working_after_sign_out(app, sign_in):
    sam = sign_in("sam")
    thief = copy_of(app, sam)
    assert signed_in(thief)  # the copy works while the session lives...
    assert sam.post("/signout").status_code == 302
    assert not signed_in(thief)  # ...and not a moment after
    assert thief.get("/settings").status_code == 302
    assert not signed_in(sam)


def test_sign_out_ends_only_that_browser_session(app, sign_in, browser):
    laptop = sign_in("sam")
    assert browser.sign_in("sam").status_code == 302
    assert browser.post("/signout").status_code == 302
    assert signed_in(laptop)


def test_sign_out_everywhere_ends_every_session(app, sign_in, browser):
    laptop = sign_in("sam")
    assert browser.sign_in("sam").status_code == 302
    assert laptop.post("/signout/everywhere").status_code == 302
    assert not signed_in(laptop) and not signed_in(browser)
    live = db.session.scalar(sa.select(sa.func.count()).where(AccountSession.ended_at.is_(None)))
    assert live == 0


def test_sign_out_disconnects_that_session_s_sockets_and_refuses_copies(app, sign_in, connect, browser):
    sam = sign_in("sam")
    thief = copy_of(app, sam)
    socket, stolen_socket = connect(sam), connect(thief)
    assert socket.is_connected() and stolen_socket.is_connected()
    assert browser.sign_in("sam").status_code == 302
    other_device = connect(browser)
    assert sam.post("/signout").status_code == 302
    assert not socket.is_connected() and not stolen_socket.is_connected()
    assert other_device.is_connected()  # another device's session goes on
    assert not LiveClient(app, thief).is_connected()


def test_a_stale_cookie_cannot_sign_out_others_or_act(app, sign_in):
    sam = sign_in("sam")
    thief = copy_of(app, sam)
    sam.post("/signout")
    assert thief.post("/signout/everywhere").status_code in (302, 400)
    assert sam.sign_in("sam", PASSWORD).status_code == 302
    assert signed_in(sam)


def test_a_listener_who_signs_out_is_no_longer_on_duty(sign_in, connect):
    from moderation.queue import listeners_on_duty

    lee = sign_in("lee", role="listener")
    socket = connect(lee)
    assert socket.emit("go_on_duty")["ok"] is True
    assert listeners_on_duty() == 1
    lee.post("/signout")
    assert not socket.is_connected()
    db.session.expire_all()
    assert listeners_on_duty() == 0
