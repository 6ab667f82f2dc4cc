"""Signing out ends the session on the server: a copied cookie stops working, pages and sockets."""

from datetime import timedelta

import sqlalchemy as sa

from community.accounts.models import AccountSession, User, utcnow
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


def _sessions_of(username: str) -> list[AccountSession]:
    """Newest first."""
    query = sa.select(AccountSession).join(User, User.id == AccountSession.user_id).where(User.username == username)
    return list(db.session.scalars(query.order_by(AccountSession.id.desc())))


def _session_of(username: str) -> AccountSession:
    return _sessions_of(username)[0]


def _last_seen(app, username: str, days_ago: float) -> None:
    """Make the member's newest session look last used ``days_ago``, as a month away would."""
    row = _session_of(username)
    row.last_seen_at = utcnow() - timedelta(days=days_ago)
    db.session.commit()


def test_a_session_nobody_used_for_the_idle_limit_is_signed_out_pages_and_sockets(app, sign_in):
    sam = sign_in("sam")
    thief = copy_of(app, sam)
    _last_seen(app, "sam", app.config["SESSION_IDLE_DAYS"] + 0.1)
    assert not signed_in(sam) and not signed_in(thief)
    assert sam.get("/settings").status_code == 302
    live = LiveClient(app, sam)
    assert not live.is_connected()


def test_a_session_in_use_stays_and_is_marked_seen_at_most_once_a_day(app, sign_in):
    sam = sign_in("sam")
    _last_seen(app, "sam", app.config["SESSION_IDLE_DAYS"] - 0.5)  # a month away, not quite the limit
    assert signed_in(sam)
    db.session.expire_all()
    seen = _session_of("sam").last_seen_at
    assert utcnow() - seen < timedelta(minutes=1)  # the visit counts: the month starts again
    assert signed_in(sam)
    db.session.expire_all()
    assert _session_of("sam").last_seen_at == seen  # within the day: no write per request


def test_signing_in_deletes_the_members_sessions_that_are_over_and_no_one_elses(app, sign_in, browser):
    sam, ash = sign_in("sam"), sign_in("ash")
    assert sam.post("/signout").status_code == 302  # ended
    assert browser.sign_in("sam").status_code == 302
    _last_seen(app, "sam", app.config["SESSION_IDLE_DAYS"] + 1)  # left unused
    assert ash.post("/signout").status_code == 302
    assert Browser(app.test_client()).sign_in("sam").status_code == 302
    rows = _sessions_of("sam")
    assert len(rows) == 1 and rows[0].ended_at is None  # only the one just begun
    (ashs,) = _sessions_of("ash")
    assert ashs.ended_at is not None  # another member's record is theirs to clear, at their next sign-in
