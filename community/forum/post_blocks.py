"""A thread page's post blocks: the shared render of each post, kept, with the viewer's parts filled in.

Which posts a viewer sees (held ones, blocked authors) is decided before this, by the page's
query (forum.thread_pages): nothing here widens it. A published post that is not the viewer's
looks the same to every member but for two things, the form token and which reaction is theirs,
so its block is rendered once with slots for those (community.fragments) and kept under a key
made of everything the block shows. Everything else is rendered for the viewer alone and never
kept: their own posts (edit and delete links, "(you)", an open warning), held, rejected, deleted
and removed posts (a listener's tags, the author's notice). A kept block so never carries an
author's controls, and an anonymous post's block has only what its byline shows: the alias.
"""

from __future__ import annotations

from collections.abc import Hashable
from functools import partial

from flask import current_app
from markupsafe import Markup

from community import fragments
from community.accounts.models import User
from community.forum.thread_pages import ShownPost
from community.identity import Byline
from community.reactions.access import Tally
from community.reactions.models import KINDS
from community.warnings.topics import TOPICS
from moderation.status import ContentStatus

_TEMPLATE = "forum/_post.html"


def render_posts(entries: list[tuple[ShownPost, Byline, object]], reactions: dict[int, Tally], folded: set[str],
                 viewer: User | None, csrf_field: Markup) -> list[Markup]:  # fmt: skip
    """Each entry's block (post, byline, queue item), in order."""
    template = current_app.jinja_env.get_template(_TEMPLATE)
    context: dict = {"topics": TOPICS, "reaction_kinds": KINDS}
    current_app.update_template_context(context)
    kept = fragments.fragments()
    member = bool(viewer is not None and viewer.is_authenticated)
    zone = getattr(viewer, "time_zone", None) if member else None
    blocks = []
    for post, author, item in entries:
        tally = reactions.get(post.id)
        if kept is None or author.is_you or post.status is not ContentStatus.PUBLISHED:
            pressed = {kind: "true" if tally is not None and tally.mine == kind else "false" for kind in KINDS}
            own = {"post": post, "author": author, "item": item, "reactions": reactions, "folded": folded,
                   "csrf_field": csrf_field, "pressed": pressed}  # fmt: skip
            blocks.append(Markup(template.render(context | own)))  # noqa: S704 (autoescaped by the template)
            continue
        is_open = not post.warning or post.warning not in folded
        counts = tuple(tally.counts.values()) if tally is not None else None
        key = _key(post, author, counts, is_open, member, zone)
        values = {"csrf": csrf_field} | {f"pressed:{kind}": "true" if tally.mine == kind else "false"
                                         for kind in KINDS if tally is not None}  # fmt: skip
        blocks.append(kept.render(key, partial(_shared, template, context, post, author, tally, is_open), values))
    return blocks


def _key(post: ShownPost, author: Byline, counts, is_open: bool, member: bool, zone: str | None) -> Hashable:
    """Everything a shared block is rendered from, so that an equal key means an equal block."""
    return ("post", post.id, post.status.value, post.is_opening, post.created_at, post.edited_at, post.warning,
            is_open, post.context_note, post.body_html, author, counts, member, zone)  # fmt: skip


def _shared(template, context: dict, post: ShownPost, author: Byline, tally: Tally | None, is_open: bool) -> str:
    shared = {
        "post": post, "author": author, "item": None,
        "reactions": {post.id: tally} if tally is not None else {},
        "folded": set() if is_open else {post.warning},
        "csrf_field": fragments.slot("csrf"),
        "pressed": {kind: fragments.slot(f"pressed:{kind}") for kind in KINDS},
    }  # fmt: skip
    return template.render(context | shared)


def render_reply_form(thread, form, suggestion: str | None, token: Markup) -> Markup:
    """The reply box. A fresh one (not a submission shown again with its errors or a suggested
    warning) is kept per thread and starting anonymous or not, with the form token (``token``,
    the page's forms.csrf_field) as a slot."""
    template = current_app.jinja_env.get_template("forum/_reply_form.html")
    context: dict = {"thread": thread, "form": form, "suggestion": suggestion}
    current_app.update_template_context(context)
    kept = fragments.fragments()
    if kept is None or form.is_submitted() or suggestion or form.errors:
        return Markup(template.render(context | {"csrf_field": token}))  # noqa: S704 (autoescaped by the template)
    key = ("reply-form", thread.id, bool(form.anonymous.data))
    return kept.render(key, partial(template.render, context | {"csrf_field": fragments.slot("csrf")}), {"csrf": token})
