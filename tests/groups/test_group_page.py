"""A group's page: joining and leaving, and its threads as the forum lists them for each reader."""

from community.forum import service
from tests.conftest import text


def test_joining_and_leaving_a_group(sign_in, make_group):
    group = make_group()
    sam = sign_in("sam")
    assert "Join group" in text(sam.get(f"/g/{group.slug}"))
    sam.post(f"/g/{group.slug}/join")
    sam.post(f"/g/{group.slug}/join")  # twice is harmless
    assert "Leave group" in text(sam.get(f"/g/{group.slug}"))
    sam.post(f"/g/{group.slug}/leave")
    assert sam.post(f"/g/{group.slug}/new", {"title": "Hello", "body": "First post"}).status_code == 403


def test_threads_show_newest_activity_first_with_each_openers_byline(
    sign_in, make_group, make_user, member_of, browser
):
    group = make_group()
    kim, lee = make_user("kim", display_name="Kim Realname"), make_user("lee", "listener")
    for member in (kim, lee):
        member_of(member, group)
    quiet, _ = service.start_thread(kim, group, "A quiet thread", "Anyone around?", anonymous=True)
    service.start_thread(lee, group, "Listener hours", "We're here tonight.")
    service.add_reply(lee, quiet, "I'm here.")  # the quiet thread has the newest activity now
    reader = sign_in("sam")
    page = text(reader.get(f"/g/{group.slug}"))
    assert page.index("A quiet thread") < page.index("Listener hours")
    assert "Anonymous " in page and "Kim Realname" not in page and "/u/kim" not in page
    assert "Listener</span>" in page and "1 reply" in page
    assert "(you" not in page
    browser.sign_in("kim")
    assert "(you, posted anonymously)" in text(browser.get(f"/g/{group.slug}"))
