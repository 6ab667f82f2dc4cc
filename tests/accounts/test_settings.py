"""A member's own settings: profile, time zone, password; bad input changes nothing."""

import re
from datetime import datetime

import pytest
import sqlalchemy as sa

from community.accounts.models import User
from community.extensions import db
from community.qa.models import QaSession
from tests.conftest import PASSWORD, Browser, text


def member(username: str) -> User:
    db.session.expire_all()
    return db.session.scalar(sa.select(User).where(User.username_key == username))


def save_profile(browser, **fields):
    data = {"display_name": "Sam", "bio": "", "time_zone": ""} | fields
    return browser.post("/settings/profile", data)


def test_settings_are_for_signed_in_members_only(browser):
    assert browser.get("/settings").status_code == 302
    assert browser.post("/settings/profile", {"display_name": "x"}).status_code == 302


def test_a_member_changes_display_name_bio_and_time_zone(sign_in):
    sam = sign_in("sam")
    response = save_profile(sam, display_name="Sam R", bio="Gardener, new to recovery.",
                            time_zone="Europe/Berlin")  # fmt: skip
    assert response.status_code == 302
    saved = member("sam")
    assert (saved.display_name, saved.bio, saved.time_zone) == ("Sam R", "Gardener, new to recovery.", "Europe/Berlin")
    profile = text(sam.get("/u/sam"))
    assert "Sam R" in profile and "Gardener, new to recovery." in profile


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"display_name": ""}, "This field is required"),
        ({"display_name": "x" * 51}, "Field cannot be longer than 50 characters"),
        ({"bio": "x" * 1001}, "Field cannot be longer than 1000 characters"),
        ({"time_zone": "Mars/Olympus_Mons"}, "Please choose a time zone from the list"),
        ({"time_zone": "../../etc/passwd"}, "Please choose a time zone from the list"),
        ({"display_name": "Sam (Listener)"}, "looks like a staff badge or an anonymous alias"),
        ({"display_name": "Anonymous Heron"}, "looks like a staff badge or an anonymous alias"),
    ],
)
def test_bad_profile_input_is_refused_and_changes_nothing(sign_in, fields, message):
    sam = sign_in("sam", display_name="Sam")
    response = save_profile(sam, **fields)
    assert response.status_code == 400
    assert message in text(response)
    saved = member("sam")
    assert (saved.display_name, saved.bio, saved.time_zone) == ("Sam", "", None)


def test_times_are_shown_in_the_member_s_zone(sign_in, make_group, member_of):
    group = make_group()
    sam = sign_in("sam")
    member_of(member("sam"), group)
    sam.post(f"/g/{group.slug}/new", {"title": "Hello all", "body": "First time posting here."})
    assert " UTC" in text(sam.get("/u/sam"))
    save_profile(sam, time_zone="Asia/Kolkata")
    page = text(sam.get("/u/sam"))
    assert " IST" in page and " UTC" not in page


def test_password_change_needs_the_current_password_and_a_strong_new_one(sign_in):
    sam = sign_in("sam")
    before = member("sam").password_hash
    wrong = sam.post("/settings/password", {"current_password": "not it at all", "new_password": "violet tram ladder"})
    weak = sam.post("/settings/password", {"current_password": PASSWORD, "new_password": "password12"})
    assert (wrong.status_code, weak.status_code) == (400, 400)
    assert "Your current password is not right" in text(wrong)
    assert "That password is too easy to guess" in text(weak)
    assert member("sam").password_hash == before


def test_password_change_signs_out_every_other_device(app, sign_in):
    sam = sign_in("sam")
    phone = Browser(app.test_client())
    assert phone.sign_in("sam").status_code == 302
    response = sam.post("/settings/password", {"current_password": PASSWORD, "new_password": "violet tram ladder"})
    assert response.status_code == 302
    assert "Sign out" in text(sam.get("/"))
    assert "Sign out" not in text(phone.get("/"))
    assert Browser(app.test_client()).sign_in("sam", "violet tram ladder").status_code == 302


def test_password_change_disconnects_other_devices_sockets_and_keeps_this_one(app, sign_in, connect):
    sam = sign_in("sam")
    phone = Browser(app.test_client())
    assert phone.sign_in("sam").status_code == 302
    here, there = connect(sam), connect(phone)
    assert sam.post("/settings/password", {"current_password": PASSWORD,
                                           "new_password": "violet tram ladder"}).status_code == 302  # fmt: skip
    assert here.is_connected() and not there.is_connected()
    assert here.emit("go_on_duty")["error"] == "That is for listeners only."  # still signed in


def test_settings_link_to_content_warnings_and_notification_preferences(sign_in):
    sam = sign_in("sam")
    page = sam.get("/settings").get_data(as_text=True)
    assert 'href="/settings/content"' in page
    assert 'href="/notifications#preferences"' in page
    assert sam.get("/settings/content").status_code == 200
    assert 'id="preferences"' in sam.get("/notifications").get_data(as_text=True)


def _in_zone(browser, zone: str) -> None:
    data = {"display_name": "Sam", "bio": "", "time_zone": zone}
    assert browser.post("/settings/profile", data).status_code == 302


def test_chat_times_are_in_the_member_s_zone_on_the_page_and_for_the_live_script(sign_in, make_group, member_of):
    group = make_group()
    sam = sign_in("sam", display_name="Sam")
    member_of(member("sam"), group)
    assert sam.post(f"/g/{group.slug}/chat/identity", {"appear": "name"}).status_code == 302
    assert sam.post(f"/g/{group.slug}/chat/messages", {"body": "Morning all"}).status_code == 302
    page = text(sam.get(f"/g/{group.slug}/chat"))
    assert re.search(r'class="meta chat-time"[^>]*>\d\d:\d\d UTC<', page) and 'data-time-zone="UTC"' in page
    _in_zone(sam, "Asia/Kolkata")
    page = text(sam.get(f"/g/{group.slug}/chat"))
    assert re.search(r'class="meta chat-time"[^>]*>\d\d:\d\d IST<', page) and 'data-time-zone="Asia/Kolkata"' in page


def test_member_since_is_the_month_where_the_member_lives(sign_in):
    sam = sign_in("sam", display_name="Sam")
    user = member("sam")
    user.created_at = datetime(2026, 2, 28, 23, 30)  # UTC: already March in Tokyo
    db.session.commit()
    assert "member since February 2026" in text(sam.get("/u/sam"))
    _in_zone(sam, "Asia/Tokyo")
    assert "member since March 2026" in text(sam.get("/u/sam"))


def test_a_clinician_schedules_in_their_own_zone_and_members_read_it_in_theirs(sign_in, make_group, member_of):
    group = make_group()
    host = sign_in("dr_okafor", role="clinician", display_name="Sam")
    member_of(member("dr_okafor"), group)
    _in_zone(host, "Europe/Berlin")
    assert "Starts at (Europe/Berlin)" in text(host.get(f"/g/{group.slug}/qa/new"))
    response = host.post(f"/g/{group.slug}/qa/new", {"title": "Sleep", "description": "", "duration": "60",
                                                      "starts_at": "2099-01-02T18:00"})  # fmt: skip
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(sa.select(QaSession.starts_at)) == datetime(2099, 1, 2, 17, 0)  # stored in UTC
    assert "2 Jan 2099, 18:00 CET" in text(host.get(response.headers["Location"]))
    kim = sign_in("kim")
    assert "2 Jan 2099, 17:00 UTC" in text(kim.get(response.headers["Location"]))
