"""Forum posts as a kind of moderated content (moderation.content.ContentKind)."""

from __future__ import annotations

from flask import url_for

from community.forum import broadcasts, notices
from community.forum.models import Post
from community.rendering import render_markdown
from moderation.content import ContentKind
from moderation.screening import Verdict


class Posts(ContentKind):
    name = "post"
    label = "forum post"
    model = Post

    def parts(self, post: Post) -> tuple[str, ...]:
        # An opening post is screened with its thread's title.
        return (post.thread.title, post.body) if post.is_opening else (post.body,)

    def render(self, post: Post, shown: tuple[str, ...], verdict: Verdict) -> None:
        if post.is_opening:
            post.thread.title = shown[0]
        post.body_html = render_markdown(shown[-1])

    def on_published(self, post: Post) -> None:
        post.thread.last_activity_at = max(post.thread.last_activity_at, post.created_at)
        if not post.is_opening:
            broadcasts.reply_added(post)
        notices.post_published(post)

    def on_removed(self, post: Post) -> None:
        broadcasts.post_removed(post)

    def url(self, post: Post) -> str:
        return url_for("forum.thread", thread_id=post.thread_id, _anchor=f"post-{post.id}")

    def group_id(self, post: Post) -> int | None:
        return post.thread.group_id

    def set_text(self, post: Post, text: str) -> None:
        post.body, post.body_html = text, render_markdown(text)

    def set_context(self, post: Post, note: str) -> None:
        post.context_note = note


POSTS = Posts()
