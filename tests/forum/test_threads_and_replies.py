"""Starting threads, replying, editing and deleting, through the pages."""

import sqlalchemy as sa

from community.extensions import db
from community.forum.models import Post, Thread
from tests.conftest import text


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count(model.id)))


def new_thread(browser, group, title="Hello", body="First post", **extra):
    return browser.post(f"/g/{group.slug}/new", {"title": title, "body": body, **extra})


def test_a_member_joins_starts_a_thread_and_replies(sign_in, make_group):
    group = make_group()
    sam = sign_in("sam")
    assert sam.post(f"/g/{group.slug}/join").status_code == 302
    response = new_thread(sam, group, "Panic on the bus", "It **happens** every morning.")
    assert response.status_code == 302
    page = text(sam.get(response.headers["Location"]))
    assert "Panic on the bus" in page and "<strong>happens</strong>" in page
    thread = db.session.scalar(sa.select(Thread))
    reply = sam.post(f"/t/{thread.id}/reply", {"body": "Update: better today."})
    assert reply.status_code == 302
    assert "Update: better today." in text(sam.get(f"/t/{thread.id}"))
    group_page = text(sam.get(f"/g/{group.slug}"))
    assert "Panic on the bus" in group_page and "1 reply" in group_page


def test_posting_in_a_group_you_have_not_joined_says_to_join(sign_in, make_group, make_user, member_of):
    group = make_group()
    sam = sign_in("sam")
    response = new_thread(sam, group)
    assert response.status_code == 403
    assert f"Join {group.name} to post here" in text(response)
    author = make_user("kim")
    member_of(author, group)
    from community.forum import service

    thread, _ = service.start_thread(author, group, "Hi", "Hello")
    reply = sam.post(f"/t/{thread.id}/reply", {"body": "hi"})
    assert reply.status_code == 403
    assert count(Post) == 1


def test_visitors_read_but_must_sign_in_to_post(browser, make_group, make_user, member_of):
    group = make_group()
    author = make_user("kim")
    member_of(author, group)
    from community.forum import service

    thread, _ = service.start_thread(author, group, "Open thread", "Anyone can read this")
    assert "Anyone can read this" in text(browser.get(f"/t/{thread.id}"))
    response = browser.post(f"/t/{thread.id}/reply", {"body": "sneaky"})
    assert response.status_code == 302 and "/signin" in response.headers["Location"]
    assert count(Post) == 1


def test_empty_and_oversized_posts_are_refused_and_nothing_is_stored(sign_in, make_group):
    group = make_group()
    sam = sign_in("sam")
    sam.post(f"/g/{group.slug}/join")
    cases = [
        ({"title": "", "body": "text"}, "A title needs 1 to 200 characters."),
        ({"title": "   ", "body": "text"}, "A title needs 1 to 200 characters."),
        ({"title": "t" * 201, "body": "text"}, "A title needs 1 to 200 characters."),
        ({"title": "Title", "body": ""}, "A post needs 1 to 20,000 characters."),
        ({"title": "Title", "body": "b" * 20_001}, "A post needs 1 to 20,000 characters."),
    ]
    for data, message in cases:
        response = new_thread(sam, group, **data)
        assert response.status_code == 400, data
        assert message in text(response)
    assert count(Thread) == 0 and count(Post) == 0


def test_a_request_too_large_to_accept_gets_413(sign_in, make_group):
    group = make_group()
    sam = sign_in("sam")
    sam.post(f"/g/{group.slug}/join")
    response = new_thread(sam, group, body="b" * 300_000)
    assert response.status_code == 413
    assert "too large" in text(response)
    assert count(Thread) == 0


def test_unknown_group_thread_and_post_are_404(sign_in):
    sam = sign_in("sam")
    for url in ("/g/nope", "/t/999", "/p/999/edit", "/u/nobody", "/api/threads/999", "/api/groups/nope/threads"):
        response = sam.get(url)
        assert response.status_code == 404, url
    assert sam.post("/g/nope/join").status_code == 404
    assert sam.post("/t/999/reply", {"body": "x"}).status_code == 404


def test_raw_html_is_never_rendered(sign_in, make_group):
    group = make_group()
    sam = sign_in("sam")
    sam.post(f"/g/{group.slug}/join")
    body = (
        "<script>alert(1)</script> <img src=x onerror=alert(2)> "
        '[click](javascript:alert(3)) <a href="https://example.org">ok</a> https://kindred.example/help'
    )
    new_thread(sam, group, "XSS", body)
    thread = db.session.scalar(sa.select(Thread))
    page = sam.get(f"/t/{thread.id}").get_data(as_text=True)  # raw HTML, as the browser parses it
    assert "<script>alert" not in page and "<img" not in page and 'href="javascript:' not in page
    assert "&lt;script&gt;" in page
    assert '<a href="https://kindred.example/help" rel="nofollow noopener">' in page


def test_authors_edit_and_delete_their_own_posts_only(sign_in, make_group):
    group = make_group()
    sam, kim = sign_in("sam"), sign_in("kim")
    for who in (sam, kim):
        who.post(f"/g/{group.slug}/join")
    new_thread(sam, group, "Original title", "Original body")
    post = db.session.scalar(sa.select(Post))
    assert kim.get(f"/p/{post.id}/edit").status_code == 404
    assert kim.post(f"/p/{post.id}/edit", {"title": "Hacked", "body": "Hacked"}).status_code == 404
    assert kim.post(f"/p/{post.id}/delete").status_code == 404
    edited = sam.post(f"/p/{post.id}/edit", {"title": "Better title", "body": "Better *body*"})
    assert edited.status_code == 302
    page = text(sam.get(f"/t/{post.thread_id}"))
    assert "Better title" in page and "<em>body</em>" in page and "edited" in page
    assert sam.post(f"/p/{post.id}/edit", {"title": "Better title", "body": ""}).status_code == 400
    kim.post(f"/t/{post.thread_id}/reply", {"body": "Kim's reply stays."})
    assert sam.post(f"/p/{post.id}/delete").status_code == 302
    page = kim.get(f"/t/{post.thread_id}").get_data(as_text=True)
    assert "<em>body</em>" not in page and "This post was deleted by its author." in page
    assert "reply stays" in page
    db.session.expire_all()
    assert db.session.get(Post, post.id).body == ""


def test_deleting_the_only_post_of_a_thread_removes_the_thread(sign_in, make_group):
    group = make_group()
    sam = sign_in("sam")
    sam.post(f"/g/{group.slug}/join")
    new_thread(sam, group, "Short-lived", "Never mind")
    post = db.session.scalar(sa.select(Post))
    sam.post(f"/p/{post.id}/delete")
    assert sam.get(f"/t/{post.thread_id}").status_code == 404
    assert "Short-lived" not in text(sam.get(f"/g/{group.slug}"))


def test_private_groups_hide_threads_from_non_members(sign_in, make_group, make_user, member_of, browser):
    group = make_group(is_public=False)
    author = make_user("kim")
    member_of(author, group)
    from community.forum import service

    thread, _ = service.start_thread(author, group, "Private thoughts", "Only for us")
    assert browser.get(f"/t/{thread.id}").status_code == 404
    outsider = sign_in("sam")
    assert outsider.get(f"/t/{thread.id}").status_code == 404
    assert "Private thoughts" not in text(outsider.get(f"/g/{group.slug}"))
    listener = sign_in("lee", role="listener")
    assert listener.get(f"/t/{thread.id}").status_code == 200
