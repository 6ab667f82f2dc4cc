"""Forum pages: a thread, new threads, replies, editing and deleting one's own posts."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from community import page_cache, page_stamps, ratelimit
from community.errors import InvalidInput, NotFound, RateLimited
from community.extensions import limiter
from community.forms import ConfirmForm, csrf_field
from community.forum import access, service, thread_pages
from community.forum.broadcasts import post_payload
from community.forum.forms import EditForm, ReplyForm, ThreadForm
from community.forum.post_blocks import render_posts, render_reply_form
from community.forum.thread_pages import Position
from community.groups import access as group_access
from community.identity import aliases_in, byline
from community.reactions.access import tallies
from community.warnings.service import folded_topics
from community.warnings.suggest import suggested_topic
from community.warnings.topics import TOPICS
from moderation import reports, submission
from moderation.notices import latest_items
from moderation.status import ContentStatus

bp = Blueprint("forum", __name__)


@bp.route("/g/<slug>/new", methods=["GET", "POST"])
@login_required
def new_thread(slug: str):
    group = group_access.get_readable_group(current_user, slug)
    group_access.require_member(current_user, group)
    form = ThreadForm()
    if not form.validate_on_submit():
        return render_template("forum/new_thread.html", group=group, form=form)
    if topic := _offer_warning(form, form.body.data or "", group):  # the body is what a warning folds
        return render_template("forum/new_thread.html", group=group, form=form, suggestion=TOPICS[topic])
    try:
        ratelimit.check_write(current_user, "thread")
        thread, review = service.start_thread(current_user, group, form.title.data, form.body.data,
                                              anonymous=form.anonymous.data, warning=form.warning.data)  # fmt: skip
    except (InvalidInput, RateLimited) as error:
        form.form_errors.append(error.message)
        return render_template("forum/new_thread.html", group=group, form=form), error.status
    return submission.respond(review, url_for("forum.thread", thread_id=thread.id))


def _offer_warning(form: ThreadForm | ReplyForm, body: str, group) -> str | None:
    """The topic to suggest once when the author chose no warning and the text is about a hard topic.

    This screens the text here, and the pipeline screens it again on the real submission: the
    suggestion must come before anything is stored, and a post that needs none (most of them)
    costs one screening more, which keeps the pipeline the one path content takes. A crisis is
    never offered anything: it is submitted at once, as it would be without this step.
    """
    if form.warning.data or form.warning_offered.data or not (form.body.data or "").strip():
        return None
    topic = suggested_topic(body, group.condition.value)
    if topic:
        form.warning.data, form.warning_offered.data = topic, "1"
    return topic


def _render_thread(visit: access.ThreadVisit, form: ReplyForm, status: int = 200, suggestion: str | None = None,
                   position: Position | None = None):  # fmt: skip
    viewer = current_user._get_current_object()  # once: each use of the proxy looks the member up again
    thread, read_up_to, is_member = visit.thread, visit.read_up_to, visit.is_member
    page = thread_pages.thread_page(thread, viewer, position or Position(), read_up_to)
    posts = page.posts
    # Reading moves the marker; a refused reply, shown again with its error, changes nothing.
    if posts and viewer.is_authenticated and request.method == "GET":
        newest = max(p.id for p in posts)
        service.mark_read(viewer, thread, newest, read_up_to)
        if read_up_to is None or newest > read_up_to:
            # The marker moved: the next visit opens without "New since your last visit", and a
            # page kept under the old marker (part of its key) would never be asked for again.
            page_cache.dont_keep()
    # Only held or declined posts need their queue item: the author's notice of why.
    unpublished = [p.id for p in posts if p.status in (ContentStatus.HELD, ContentStatus.REJECTED)]
    items = latest_items("post", unpublished)
    entries = [(post, byline(post, page.aliases, viewer), items.get(post.id)) for post in posts]
    if not form.is_submitted() and any(p.is_opening and p.is_anonymous and by.is_you for p, by, _ in entries):
        form.anonymous.data = True  # in a thread one opened anonymously, a named reply would say who opened it
    reactions = tallies([p.id for p in posts if p.is_published], viewer)
    # The reader's folding choices matter only when a post carries a warning.
    folded = folded_topics(viewer) if any(p.warning for p in posts) else set()
    token_field = csrf_field()
    blocks = render_posts(entries, reactions, folded, viewer, token_field)
    return render_template(
        "forum/thread.html", thread=thread, blocks=list(zip(posts, blocks, strict=True)), page=page, form=form,
        csrf_field=token_field, suggestion=suggestion, is_member=is_member,
        reply_form=render_reply_form(thread, form, suggestion, token_field)
        if viewer.is_authenticated and is_member else None,
    ), status  # fmt: skip


@bp.get("/t/<int:thread_id>")
@page_cache.for_visitors(page_stamps.thread_page)
def thread(thread_id: int):
    viewer = current_user._get_current_object()
    ask = page_cache.member_ask(viewer, page_stamps.thread_page(thread_id), query=thread_pages.POSITION_ARGS)
    # Asked on every request, kept page or not: who may read it, and where their marker is (the
    # page opens at it and says what is new since), which is part of the kept page's key.
    visit = access.visit_thread(viewer, thread_id)
    position = thread_pages.parse_position(request.args)
    return page_cache.for_member(ask, (*page_stamps.member_row(viewer), visit.read_up_to), lambda: _render_thread(
        visit, ReplyForm(), position=position))  # fmt: skip


@bp.post("/t/<int:thread_id>/reply")
@login_required
def reply(thread_id: int):
    visit = access.visit_thread(current_user, thread_id)
    thread = visit.thread
    form = ReplyForm()
    form.validate_on_submit()
    if topic := _offer_warning(form, form.body.data or "", thread.group):
        return _render_thread(visit, form, suggestion=TOPICS[topic])
    try:
        ratelimit.check_write(current_user, "reply")
        post, review = service.add_reply(current_user, thread, form.body.data, anonymous=form.anonymous.data,
                                         warning=form.warning.data)  # fmt: skip
    except (InvalidInput, RateLimited) as error:
        form.form_errors.append(error.message)
        return _render_thread(visit, form, error.status)
    return submission.respond(review, url_for("forum.thread", thread_id=thread.id, _anchor=f"post-{post.id}"))


@bp.route("/p/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit_post(post_id: int):
    post = access.get_own_post(current_user, post_id)
    form = EditForm(data={"title": post.thread.title, "body": post.body})
    if not form.validate_on_submit():
        return render_template("forum/edit_post.html", post=post, form=form)
    try:
        ratelimit.check_write(current_user, "edit")
        review = service.edit_post(current_user, post, form.body.data,
                                   title=form.title.data if post.is_opening else None)  # fmt: skip
    except (InvalidInput, RateLimited) as error:
        form.form_errors.append(error.message)
        return render_template("forum/edit_post.html", post=post, form=form), error.status
    if review.published:
        flash("Your post was updated.", "success")
    return submission.respond(review, url_for("forum.thread", thread_id=post.thread_id, _anchor=f"post-{post.id}"))


@bp.route("/p/<int:post_id>/delete", methods=["GET", "POST"])
@login_required
def delete_post(post_id: int):
    """A confirmation page first (works without JavaScript): a deleted post cannot come back."""
    post = access.get_own_post(current_user, post_id)
    form = ConfirmForm()
    if not form.validate_on_submit():  # CSRF is enforced app-wide
        return render_template("forum/delete_post.html", post=post, form=form)
    service.delete_post(current_user, post)
    flash("Your post was deleted.", "info")
    return redirect(url_for("forum.thread", thread_id=post.thread_id))


@bp.route("/p/<int:post_id>/report", methods=["GET", "POST"])
@login_required
@limiter.limit(reports.REPORT_LIMIT, key_func=reports.reporter_key, methods=["POST"])
def report_post(post_id: int):
    post = access.get_published_post(current_user, post_id)
    form = reports.ReportForm()
    if not form.is_submitted():
        return render_template("forum/report.html", post=post, form=form)
    try:
        item = reports.report_content(current_user, post, reason=form.reason.data, note=form.note.data)
    except InvalidInput as error:
        form.form_errors.append(error.message)
        return render_template("forum/report.html", post=post, form=form), 400
    flash("Thank you. A listener will look at this soon." + (
        " If someone is in danger right now, please also contact emergency services." if item.is_crisis else ""
    ), "success")  # fmt: skip
    return redirect(url_for("forum.thread", thread_id=post.thread_id))


@bp.route("/p/<int:post_id>/block", methods=["GET", "POST"])
@login_required
def block_author(post_id: int):
    """A confirmation page (works without JavaScript), then the block, as the thread shows the author."""
    post = access.get_published_post(current_user, post_id)
    if post.author_id == current_user.id:
        raise NotFound("We couldn't find that post.")
    name = byline(post, aliases_in("thread", post.thread_id), current_user).name
    back = url_for("forum.thread", thread_id=post.thread_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("blocks/confirm.html", form=form, name=name, anonymous=post.is_anonymous,
                               place="this thread", back=back)  # fmt: skip
    service.block_author(current_user, post)
    flash(f"Blocked {name}. You won't see their posts here; they aren't told.", "info")
    return redirect(back)


@bp.get("/api/threads/<int:thread_id>")
def thread_json(thread_id: int):
    """A page of the thread's posts, oldest first, with the same ?after=, ?before= and ?post= as the
    page (a 2,000-post thread was one 2 MB answer); "older" and "newer" are the neighbouring pages'
    URLs, or null. It starts at the top and moves no read marker."""
    viewer = current_user._get_current_object()
    thread = access.get_readable_thread(viewer, thread_id)
    page = thread_pages.thread_page(thread, viewer, thread_pages.parse_position(request.args), None)

    def neighbour(**position: int | None) -> str | None:
        return url_for("forum.thread_json", thread_id=thread.id, **position) if any(position.values()) else None

    return jsonify({
        "id": thread.id, "title": thread.title, "group": thread.group.slug,
        "posts": [post_payload(p, page.aliases, viewer) | {"status": p.status.value} for p in page.posts],
        "older": neighbour(before=page.older), "newer": neighbour(after=page.newer),
    })  # fmt: skip


@bp.get("/api/groups/<slug>/threads")
def group_threads_json(slug: str):
    group = group_access.get_readable_group(current_user, slug)
    return jsonify({"group": group.slug, "threads": [
        {"id": thread.id, "title": thread.title, "replies": replies,
         "opening": post_payload(opening, names, current_user)}
        for thread, opening, replies, names in access.threads_with_aliases(group, current_user)
    ]})  # fmt: skip
