"""Post blocks kept for members (community.fragments, forum.post_blocks): shared, never stale, never theirs alone.

Every test reads a thread as one member (so its blocks are kept), makes the write through the real
page or use case, and reads it again, as that member or another.
"""

from __future__ import annotations

import re

import pytest

from community.extensions import db
from community.forum import service as forum
from tests.conftest import Browser, text
from tests.forum.test_query_count import counting_queries
from tests.moderation.conftest import latest_item, latest_post, report_and_remove

_TOKEN = re.compile(r'(name="csrf_token"[^>]*? value="|data-csrf=")[^"]*"')


def _read(reader: Browser, url: str) -> str:
    response = reader.get(url)
    assert response.status_code == 200
    return text(response)


def _same_page(page: str) -> str:
    """A page with its form tokens blanked: they are signed with the time, so two reads differ there."""
    return _TOKEN.sub(r'\1"', page)


def _block(page: str, post_id: int) -> str:
    """One post's <article> on a page."""
    found = re.search(rf'<article [^>]*id="post-{post_id}">.*?</article>', page, re.S)
    assert found, f"post {post_id} is not on the page"
    return found.group(0)


def _kept_blocks(app) -> list[str]:
    kept = app.extensions.get("kindred_fragments")
    return ["".join(fragment) for fragment in (kept.values() if kept is not None else [])]


@pytest.fixture
def thread_of(make_user, make_group, member_of, sign_in):
    """thread_of() -> (group, thread, sam the opener, kim a reader signed in): one named reply, one anonymous."""

    def make():
        group = make_group()
        sam = make_user("sam", display_name="Sam Named")
        member_of(sam, group)
        thread, _ = forum.start_thread(sam, group, "Evenings are hard", "Anyone else find evenings hard?")
        forum.add_reply(sam, thread, "Walking after dinner helps me a little.")
        forum.add_reply(sam, thread, "Writing this one anonymously, it is personal.", anonymous=True)
        kim = sign_in("kim")
        assert kim.post(f"/g/{group.slug}/join").status_code == 302
        return group, thread, sam, kim

    return make


def _sam(app) -> Browser:
    sam = Browser(app.test_client())
    assert sam.sign_in("sam").status_code == 302
    return sam


def test_a_members_thread_page_is_the_same_with_fragments_off(app, thread_of, monkeypatch):
    _, thread, _, kim = thread_of()
    posts = [p.id for p in thread.posts]
    assert kim.post(f"/p/{posts[1]}/react", {"kind": "same"}).status_code == 302
    _read(kim, f"/t/{thread.id}")  # shows the flash from joining
    first = _read(kim, f"/t/{thread.id}")
    kept = _read(kim, f"/t/{thread.id}")  # every block from the cache now
    assert _kept_blocks(app)
    monkeypatch.setitem(app.config, "FRAGMENT_CACHE", False)
    fresh = _read(kim, f"/t/{thread.id}")
    assert _same_page(first) == _same_page(kept) == _same_page(fresh)
    assert 'value="same" class="reaction" aria-pressed="true"' in _block(kept, posts[1])


def test_edited_deleted_and_removed_posts_are_never_shown_stale_to_a_member(app, thread_of, sign_in):
    group, thread, _, kim = thread_of()
    opening, reply, _ = (p.id for p in thread.posts)
    assert "Walking after dinner" in _read(kim, f"/t/{thread.id}")
    sam = _sam(app)
    edited = {"title": "Evenings are hard", "body": "Evenings are getting a little easier."}
    assert sam.post(f"/p/{opening}/edit", edited).status_code == 302
    page = _read(kim, f"/t/{thread.id}")
    assert "getting a little easier" in page and "Anyone else find evenings hard" not in page
    assert sam.post(f"/p/{reply}/delete", {}).status_code == 302
    page = _read(kim, f"/t/{thread.id}")
    assert "Walking after dinner" not in page and "deleted by its author" in _block(page, reply)
    spam = {"body": "Buy cheap followers at my site, best prices!"}
    assert sam.post(f"/t/{thread.id}/reply", spam).status_code == 302
    spam = latest_post()
    assert "Buy cheap followers" in _read(kim, f"/t/{thread.id}")
    report_and_remove(kim, spam.id, sign_in)
    assert "Buy cheap followers" not in _read(kim, f"/t/{thread.id}")


def test_a_held_reply_reaches_members_only_once_approved(app, thread_of, sign_in):
    group, thread, _, kim = thread_of()
    ned = sign_in("ned", trusted=False)  # a new member's first posts wait for a listener
    assert ned.post(f"/g/{group.slug}/join").status_code == 302
    _read(kim, f"/t/{thread.id}")
    assert ned.post(f"/t/{thread.id}/reply", {"body": "First time posting here, hello all."}).status_code == 302
    assert "First time posting" not in _read(kim, f"/t/{thread.id}")
    assert "Waiting for a listener" not in _read(kim, f"/t/{thread.id}")
    lee = sign_in("lee", role="listener")
    assert "Waiting for a listener" in _read(lee, f"/t/{thread.id}")
    assert lee.post(f"/moderator/items/{latest_item().id}/approve", {}).status_code == 302
    assert "First time posting" in _read(kim, f"/t/{thread.id}")
    assert "Waiting for a listener" not in _read(lee, f"/t/{thread.id}")


def test_a_reaction_shows_at_once_pressed_for_its_member_only(app, thread_of, sign_in):
    group, thread, _, kim = thread_of()
    opening = thread.posts[0].id
    ned = sign_in("ned")
    assert ned.post(f"/g/{group.slug}/join").status_code == 302
    _read(kim, f"/t/{thread.id}"), _read(ned, f"/t/{thread.id}")
    assert kim.post(f"/p/{opening}/react", {"kind": "hear"}).status_code == 302
    mine, theirs = _block(_read(kim, f"/t/{thread.id}"), opening), _block(_read(ned, f"/t/{thread.id}"), opening)
    for block in (mine, theirs):
        assert 'I hear you <span class="reaction-count">1' in block
    assert 'value="hear" class="reaction" aria-pressed="true"' in mine
    assert 'aria-pressed="true"' not in theirs
    assert kim.post(f"/p/{opening}/react", {"kind": "hear"}).status_code == 302  # taken back
    assert 'I hear you <span class="reaction-count">0' in _block(_read(ned, f"/t/{thread.id}"), opening)


def test_own_post_controls_appear_for_the_author_only_whoever_reads_first(app, thread_of):
    _, thread, _, kim = thread_of()
    sam, opening = _sam(app), thread.posts[0].id
    for first, second in ((kim, sam), (sam, kim)):
        first_page, second_page = _read(first, f"/t/{thread.id}"), _read(second, f"/t/{thread.id}")
        ours, theirs = (first_page, second_page) if first is sam else (second_page, first_page)
        assert f"/p/{opening}/edit" in _block(ours, opening) and "(you)" in _block(ours, opening)
        assert f"/p/{opening}/edit" not in theirs and f"/p/{opening}/delete" not in theirs
        assert "(you" not in _block(theirs, opening) and f"/p/{opening}/report" in _block(theirs, opening)


def test_a_kept_anonymous_block_carries_no_identity_and_no_authors_controls(app, thread_of):
    _, thread, sam_user, kim = thread_of()
    anonymous = thread.posts[2].id
    page = _read(kim, f"/t/{thread.id}")
    _read(_sam(app), f"/t/{thread.id}")  # the author's own render is theirs and never kept
    block = _block(page, anonymous)
    assert "Anonymous " in block and "personal" in block
    kept = [b for b in _kept_blocks(app) if f'id="post-{anonymous}"' in b]
    assert len(kept) == 1
    for shown in (block, kept[0]):
        for identity in ("Sam Named", "/u/sam", f"data-author={sam_user.id}", "(you", f"/p/{anonymous}/edit"):
            assert identity not in shown
    assert not any("(you" in b or "/edit" in b or "/delete" in b for b in _kept_blocks(app))


def test_a_blocked_authors_posts_are_never_shown_though_their_blocks_are_kept(app, thread_of, sign_in):
    group, thread, _, kim = thread_of()
    named, anonymous = thread.posts[1].id, thread.posts[2].id
    ned = sign_in("ned")
    assert ned.post(f"/g/{group.slug}/join").status_code == 302
    assert "Walking after dinner" in _read(kim, f"/t/{thread.id}")
    assert kim.post("/u/sam/block", {}).status_code == 302
    page = _read(kim, f"/t/{thread.id}")
    assert "Walking after dinner" not in page and "Anyone else find evenings" not in page
    assert "personal" in page  # blocking an account never hides their anonymous posts (that would say whose)
    assert kim.post(f"/p/{anonymous}/block", {}).status_code == 302
    assert "personal" not in _read(kim, f"/t/{thread.id}")
    page = _read(ned, f"/t/{thread.id}")  # the same kept blocks, still shown to everyone else
    assert "Walking after dinner" in _block(page, named) and "personal" in _block(page, anonymous)


def test_two_processes_agree_on_a_members_blocks(app, second_process, thread_of):
    _, thread, _, kim = thread_of()
    reply = thread.posts[1].id
    assert "Walking after dinner" in _read(kim, f"/t/{thread.id}")
    other_sam = Browser(second_process.test_client())
    assert other_sam.sign_in("sam").status_code == 302
    edited = {"body": "After dinner I sit outside for a while."}
    assert other_sam.post(f"/p/{reply}/edit", edited).status_code == 302
    page = _read(kim, f"/t/{thread.id}")
    assert "sit outside" in _block(page, reply) and "Walking after dinner" not in page


def test_a_members_thread_and_group_pages_cost_a_few_statements(app, thread_of):
    group, thread, _, kim = thread_of()
    thread_page, group_page = f"/t/{thread.id}", f"/g/{group.slug}"
    _read(kim, thread_page), _read(kim, group_page)
    db.session.expire_all()  # the pages load what they need; nothing is left from setup
    with counting_queries() as thread_statements:
        _read(kim, thread_page)
    with counting_queries() as group_statements:
        _read(kim, group_page)
    # Thread: the member, the thread, the read marker, the posts with their aliases, their reactions, the
    # membership and the bell. Group: the member, the group, the membership, Q&A, the rows, the bell.
    assert len(thread_statements) <= 7, thread_statements
    assert len(group_statements) <= 6, group_statements


def test_a_members_group_page_keeps_rows_fresh_and_the_same_with_fragments_off(app, thread_of, monkeypatch):
    group, thread, sam_user, kim = thread_of()
    forum.start_thread(sam_user, group, "Quiet mornings", "Mornings are my time.", anonymous=True)
    _read(kim, f"/g/{group.slug}")  # shows the flash from joining
    page = _read(kim, f"/g/{group.slug}")
    assert "2 replies" in page and "Sam Named" in page and "(you" not in page
    row = re.search(r'<li class="card thread-row">(?:(?!</li>).)*Quiet mornings.*?</li>', page, re.S).group(0)
    assert "Anonymous " in row and "Sam Named" not in row and "/u/sam" not in row
    forum.add_reply(sam_user, thread, "One more thought before bed.")
    kept = _read(kim, f"/g/{group.slug}")
    assert "3 replies" in kept and "2 replies" not in kept
    assert "(you)" in _read(_sam(app), f"/g/{group.slug}")
    assert not any("(you" in b for b in _kept_blocks(app))
    monkeypatch.setitem(app.config, "FRAGMENT_CACHE", False)
    assert _same_page(_read(kim, f"/g/{group.slug}")) == _same_page(kept)


def test_the_kept_reply_box_starts_anonymous_only_for_who_opened_the_thread_anonymously(app, sign_in, make_group):
    group = make_group()
    ann, kim = sign_in("ann"), sign_in("kim")
    for member in (ann, kim):
        assert member.post(f"/g/{group.slug}/join").status_code == 302
    data = {"title": "Private", "body": "Posting this one without my name.", "anonymous": "y", "warning_offered": "1"}
    assert ann.post(f"/g/{group.slug}/new", data).status_code == 302
    thread_id = latest_post().thread_id
    checkbox = re.compile(r'<input[^>]*id="anonymous"[^>]*>')
    for _ in range(2):  # the second read from the kept box
        assert "checked" in checkbox.search(_read(ann, f"/t/{thread_id}")).group(0)
        assert "checked" not in checkbox.search(_read(kim, f"/t/{thread_id}")).group(0)
    refused = kim.post(f"/t/{thread_id}/reply", {"body": ""})  # shown again with its error, rendered for them
    assert refused.status_code == 400 and "A post needs" in text(refused) and "csrf_token" in text(refused)


def test_each_member_reads_kept_times_in_their_own_zone(app, thread_of, sign_in):
    group, thread, _, kim = thread_of()
    ned = sign_in("ned")
    assert ned.post(f"/g/{group.slug}/join").status_code == 302
    profile = {"display_name": "Kim", "bio": "", "time_zone": "Asia/Tokyo"}
    assert kim.post("/settings/profile", profile).status_code == 302
    for _ in range(2):  # the second read from the kept blocks and rows
        for page in (f"/t/{thread.id}", f"/g/{group.slug}"):
            assert " JST" in _read(kim, page) and " UTC" not in _read(kim, page).split("<main", 1)[1]
            assert " UTC" in _read(ned, page) and " JST" not in _read(ned, page)
