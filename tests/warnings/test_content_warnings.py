"""Content warnings: authors fold a post behind a topic; readers open it with one click and
choose which topics stay folded (issue 14 item 5)."""

from __future__ import annotations

import re

from community.forum.models import Post
from tests.conftest import text


def _details(page: str) -> list[str]:
    return re.findall(r'<details class="content-warning"( open)?>\s*<summary>Content warning: ([^<]+)<', page)


def test_an_author_folds_a_post_behind_a_warning_and_readers_see_the_topic_first(sign_in, make_group):
    quinn, sam = sign_in("quinn"), sign_in("sam")
    group = make_group()
    for browser in (quinn, sam):
        browser.post(f"/g/{group.slug}/join")
    response = quinn.post(f"/g/{group.slug}/new", {"title": "Last night", "body": "I relapsed after a year.",
                                                   "warning": "substance-use", "anonymous": "y"})  # fmt: skip
    thread_id = int(response.headers["Location"].rsplit("/", 1)[1])
    sam.post(f"/t/{thread_id}/reply", {"body": "It happened to me too, in detail...", "warning": "self-harm"})
    assert [p.warning for p in Post.query.order_by(Post.id)] == ["substance-use", "self-harm"]
    page = text(sam.get(f"/t/{thread_id}"))
    # Folded for a reader who has not chosen otherwise; open for the post's own author.
    assert _details(page) == [("", "Substance use"), (" open", "Self-harm")]
    assert "I relapsed after a year." in page  # inside <details>: one click, no script needed
    assert page.count('name="warning"') == 1  # the reply form asks once


def test_a_reader_chooses_which_topics_stay_folded(sign_in, make_group):
    quinn, sam = sign_in("quinn"), sign_in("sam")
    group = make_group()
    for browser in (quinn, sam):
        browser.post(f"/g/{group.slug}/join")
    response = quinn.post(f"/g/{group.slug}/new", {"title": "Hard", "body": "Words.", "warning": "abuse"})
    thread_id = int(response.headers["Location"].rsplit("/", 1)[1])
    quinn.post(f"/t/{thread_id}/reply", {"body": "More words.", "warning": "suicide"})
    form = text(sam.get("/settings/content"))
    assert form.count("checked") == 6  # every topic folded until the reader chooses
    assert sam.post("/settings/content", {"fold": "suicide"}).status_code == 302
    assert _details(text(sam.get(f"/t/{thread_id}"))) == [(" open", "Abuse"), ("", "Suicide")]
    assert sam.post("/settings/content", {"fold": ["suicide", "bogus"]}).status_code == 303
    assert _details(text(sam.get(f"/t/{thread_id}"))) == [(" open", "Abuse"), ("", "Suicide")]  # unchanged


def test_an_unknown_warning_is_refused_and_nothing_is_posted(sign_in, make_group):
    quinn = sign_in("quinn")
    group = make_group()
    quinn.post(f"/g/{group.slug}/join")
    response = quinn.post(f"/g/{group.slug}/new", {"title": "Hm", "body": "Words.", "warning": "<script>"})
    assert response.status_code == 400 and "Choose a content warning" in text(response)
    assert Post.query.count() == 0
