"""Which writes change which kept pages (community.page_cache): the one list, table by table.

The group page shows its threads (title, opener's byline, reply count, last activity) and its
Q&A sessions; the thread page shows its posts, their bylines and their reaction counts. A row
that changes any of those retires the pages that show it. What every page shows (a group's
name, privacy and rules; a member's name, role or credential in a byline) retires every page:
such writes are rare. Aliases need no entry: a new one appears with the post that uses it, and
the bulk rewrites of account deletion retire everything anyway (page_cache notes bulk statements).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from community.accounts.models import User
from community.forum.models import Post, Thread
from community.groups.models import Group
from community.page_cache import EVERYTHING, stamp, watch
from community.qa.models import QaSession
from community.reactions.models import Reaction


def group_page(slug: str) -> list[str]:
    return [stamp("group", slug)]


def thread_page(thread_id: int) -> list[str]:
    return [stamp("thread", thread_id)]


def _group_of(session: Session, group_id: int) -> list[str]:
    # In the session already on every write path that changes a thread (the use case loaded it).
    group = session.get(Group, group_id)
    return group_page(group.slug) if group is not None else [EVERYTHING]


def _thread(session: Session, thread: Thread) -> list[str]:
    return [*thread_page(thread.id), *_group_of(session, thread.group_id)]


def _post(session: Session, post: Post) -> list[str]:
    thread = session.get(Thread, post.thread_id)
    return _thread(session, thread) if thread is not None else [EVERYTHING]


def _reaction(session: Session, reaction: Reaction) -> list[str]:
    post = session.get(Post, reaction.post_id)  # counts show on the thread page only
    return thread_page(post.thread_id) if post is not None else [EVERYTHING]


def _qa_session(session: Session, qa_session: QaSession) -> list[str]:
    return _group_of(session, qa_session.group_id)


def _everything(_session: Session, _row) -> list[str]:
    return [EVERYTHING]


def register() -> None:
    watch(Thread, _thread)
    watch(Post, _post)
    watch(Reaction, _reaction)
    watch(QaSession, _qa_session, columns=("group_id", "host_id", "title", "starts_at", "duration_minutes", "state"))
    watch(Group, _everything)
    # What a byline shows; a sign-in or a new time zone changes no one else's page.
    watch(User, _everything, columns=("username", "display_name", "role", "credential", "handle"), inserts=False)
