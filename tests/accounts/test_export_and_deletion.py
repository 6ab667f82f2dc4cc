"""Export one's data (only one's own, nobody else's name in it) and delete one's account."""

import io
import json
import time
import zipfile

import sqlalchemy as sa

from community.accounts.models import AccountSession, User
from community.extensions import db
from community.forum.models import Post, Thread
from moderation.models import AuditEntry, QueueItem
from tests.conftest import PASSWORD, Browser, text


def new_thread(browser, group, title, body, **extra):
    """As finally posted: a content-warning suggestion, if any, was seen and declined."""
    response = browser.post(f"/g/{group.slug}/new", {"title": title, "body": body, "warning_offered": "1", **extra})
    assert response.status_code == 302
    return db.session.scalar(sa.select(Thread).where(Thread.title == title))


def reply(browser, thread, body, **extra):
    assert browser.post(f"/t/{thread.id}/reply", {"body": body, **extra}).status_code == 302


def a_small_community(sign_in, make_group, member_of, make_user):
    """Sam writes named and anonymous posts; Kim writes beside them."""
    group = make_group()
    sam, kim = sign_in("sam", display_name="Sam Rivers"), sign_in("kim", display_name="Kim Other")
    for name in ("sam", "kim"):
        member_of(db.session.scalar(sa.select(User).where(User.username_key == name)), group)
    sams = new_thread(sam, group, "Sleepless again", "Three nights without sleep now.")
    kims = new_thread(kim, group, "Kim's walk", "Kim's secret words about walking.")
    reply(sam, kims, "Walking helped me too, quietly.", anonymous="y")
    reply(kim, sams, "Kim's reply about sleep hygiene.")
    return group, sam, kim, sams, kims


def wait_until_ready(browser, timeout: float = 15.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = browser.get("/settings/data").get_data(as_text=True)
        if "Download the ZIP" in page:
            return page
        time.sleep(0.1)
    raise AssertionError("the export was not ready in time")


def export_of(browser) -> zipfile.ZipFile:
    assert browser.post("/settings/data/export").status_code == 303
    page = wait_until_ready(browser)
    link = page.split('href="/settings/data/export/')[1].split('"')[0]
    response = browser.get(f"/settings/data/export/{link}")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.data))


def test_export_holds_everything_the_member_wrote_and_no_one_else(sign_in, make_group, member_of, make_user):
    *_, sam, kim, _, _ = a_small_community(sign_in, make_group, member_of, make_user)
    archive = export_of(sam)
    data = json.loads(archive.read("data.json"))
    assert data["account"]["username"] == "sam" and data["account"]["display_name"] == "Sam Rivers"
    texts = {p["text"]: p["anonymous"] for p in data["posts"]}
    assert texts == {"Three nights without sleep now.": False, "Walking helped me too, quietly.": True}
    page = archive.read("index.html").decode()
    assert "Walking helped me too, quietly." in page and "posted anonymously" in page
    for other in ("kim", "Kim Other", "Kim's secret words", "Kim's reply"):
        assert other not in page.replace("Kim&#39;s walk", "") and other not in json.dumps(data).replace(
            "Kim's walk", ""
        ), other


def test_a_member_cannot_download_another_member_s_export(app, sign_in):
    sam = sign_in("sam")
    export_of(sam)
    export_id = sam.get("/settings/data").get_data(as_text=True).split("/settings/data/export/")[1].split(".zip")[0]
    kim = sign_in("kim")
    assert kim.get(f"/settings/data/export/{export_id}.zip").status_code == 404
    assert Browser(app.test_client()).get(f"/settings/data/export/{export_id}.zip").status_code == 302
    assert kim.get("/settings/data/export/99999999999999999999.zip").status_code == 404


def test_export_and_deletion_are_audited_without_content(sign_in):
    sam = sign_in("sam")
    export_of(sam)
    sam.post("/settings/delete", {"posts": "erase", "password": PASSWORD})
    entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["data_export_requested", "account_deleted"]
    assert entries[1].note == "posts erased" and entries[1].subject_id is None


def test_deletion_needs_the_password_and_a_choice_and_changes_nothing_otherwise(sign_in):
    sam = sign_in("sam")
    wrong = sam.post("/settings/delete", {"posts": "erase", "password": "not my password"})
    no_choice = sam.post("/settings/delete", {"password": PASSWORD})
    odd_choice = sam.post("/settings/delete", {"posts": "everything", "password": PASSWORD})
    assert [r.status_code for r in (wrong, no_choice, odd_choice)] == [400, 400, 400]
    assert "That password is not right, so nothing was deleted" in text(wrong)
    assert "Please choose what happens to what you wrote" in text(no_choice)
    assert db.session.scalar(sa.select(User).where(User.username_key == "sam")) is not None
    assert "Sign out" in text(sam.get("/"))


def test_erasing_removes_the_text_and_the_account_and_keeps_others_replies(app, sign_in, make_group, member_of,
                                                                           make_user):  # fmt: skip
    _, sam, kim, sams, kims = a_small_community(sign_in, make_group, member_of, make_user)
    copy = Browser(app.test_client())
    copy.client.set_cookie("session", sam.client.get_cookie("session").value)
    assert sam.post("/settings/delete", {"posts": "erase", "password": PASSWORD}).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(sa.select(User).where(User.username_key == "sam")) is None
    assert db.session.scalar(sa.select(sa.func.count(AccountSession.id)).where(AccountSession.ended_at.is_(None))) == 1
    assert "Sign out" not in text(copy.get("/"))
    assert Browser(app.test_client()).sign_in("sam").status_code == 400
    for thread in (sams, kims):
        page = text(kim.get(f"/t/{thread.id}"))
        assert "Three nights" not in page and "Walking helped" not in page and "Sam Rivers" not in page
    opened = text(kim.get(f"/t/{sams.id}"))
    assert "Kim's reply about sleep hygiene." in opened
    assert "Sleepless again" not in opened and "A thread whose author left" in opened
    bodies = db.session.scalars(sa.select(Post.body)).all()
    assert "Three nights without sleep now." not in bodies and "Walking helped me too, quietly." not in bodies


def test_keeping_posts_signs_them_as_a_former_member_with_no_link_back(sign_in, make_group, member_of, make_user):
    _, sam, kim, sams, kims = a_small_community(sign_in, make_group, member_of, make_user)
    alias_before = text(kim.get(f"/t/{kims.id}")).count("Anonymous")
    assert sam.post("/settings/delete", {"posts": "keep", "password": PASSWORD}).status_code == 302
    page = text(kim.get(f"/t/{sams.id}"))
    assert "Three nights without sleep now." in page and "A former member" in page
    assert "Sam Rivers" not in page and "/u/sam" not in page
    anonymous = text(kim.get(f"/t/{kims.id}"))
    assert "Walking helped me too, quietly." in anonymous and anonymous.count("Anonymous") == alias_before
    assert "A former member" not in anonymous and "Sam Rivers" not in anonymous
    assert kim.get("/u/sam").status_code == 404
    assert kim.get("/u/(former member)").status_code == 404


def test_queue_items_keep_their_decision_but_lose_the_member_s_text(sign_in, make_group, member_of, make_user):
    group = make_group()
    newcomer = sign_in("sam", trusted=False)
    member_of(db.session.scalar(sa.select(User).where(User.username_key == "sam")), group)
    new_thread(newcomer, group, "A hard night", "I can't stop thinking about my old weight of 90 pounds.")
    item = db.session.scalar(sa.select(QueueItem))
    state, labels = item.state, item.labels
    assert newcomer.post("/settings/delete", {"posts": "erase", "password": PASSWORD}).status_code == 302
    db.session.expire_all()
    item = db.session.scalar(sa.select(QueueItem))
    assert (item.state, item.labels) == (state, labels)
    assert item.matches == [] and item.original_text is None
    assert db.session.get(User, item.author_id).username_key == "(former member)"
