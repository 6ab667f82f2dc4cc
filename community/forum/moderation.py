"""How forum posts plug into the moderation queue (moderation.content)."""

from __future__ import annotations

from flask import url_for

from community.forum import broadcasts
from community.forum.models import Post
from community.rendering import render_markdown
from moderation.content import ContentKind, register


def _set_text(post: Post, text: str) -> None:
    post.body, post.body_html = text, render_markdown(text)


def _published(post: Post) -> None:
    post.thread.last_activity_at = max(post.thread.last_activity_at, post.created_at)
    if not post.is_opening:
        broadcasts.reply_added(post)


def register_kind() -> None:
    register(ContentKind(
        name="post", label="forum post", model=Post,
        on_published=_published, on_removed=broadcasts.post_removed, set_text=_set_text,
        url=lambda post: url_for("forum.thread", thread_id=post.thread_id, _anchor=f"post-{post.id}"),
        group_id=lambda post: post.thread.group_id,
        set_context=lambda post, note: setattr(post, "context_note", note),
        # An opening post is screened with its thread's title (community.forum.service._screen).
        screened_text=lambda post: f"{post.thread.title}\n\n{post.body}" if post.is_opening else post.body,
    ))  # fmt: skip
