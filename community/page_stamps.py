"""Which writes change which kept pages (community.page_cache): the one list, table by table.

The group page shows its threads (title, opener's byline, reply count, last activity) and its
Q&A sessions; the thread page shows its posts, their bylines and their reaction counts. A row
that changes any of those retires the pages that show it. What every page shows (a group's
name, privacy and rules; a member's name, role or credential in a byline) retires every page:
such writes are rare. Aliases need no entry: a new one appears with the post that uses it, and
the bulk rewrites of account deletion retire everything anyway (page_cache notes bulk statements).

A member's own kept pages (page_cache.for_member) also show what is theirs alone: the header (their
name, role, notices), whether they are in the group, whom they blocked, which warnings they fold,
their held posts' notices. Each write to those touches the member's own stamp ("member:<id>"), listed
below under "What a member's own pages show". Two things are not stamps, and are read on every
request instead: who may read the page (the view's access check) and the thread's read marker (part
of the kept page's key; moving it is a bulk upsert that names one member's row).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from community.accounts.models import User
from community.blocks.models import AliasBlock, Block
from community.forum.models import Post, Thread
from community.groups.models import Group, JoinRequest, Membership
from community.notifications.models import Notification
from community.page_cache import EVERYTHING, member_stamps, stamp, watch
from community.qa.models import QaSession
from community.reactions.models import Reaction
from community.warnings.models import ContentPreference
from moderation.models import QueueItem


def group_page(slug: str) -> list[str]:
    return [stamp("group", slug)]


def thread_page(thread_id: int) -> list[str]:
    return [stamp("thread", thread_id)]


def member_row(viewer) -> tuple:
    """What the pages show of the member's own row (header name and profile link, role, time zone),
    as loaded for this request: part of a kept page's key. The row is read before the stamps are, so
    a change landing in between would otherwise be kept under the stamps that came after it."""
    if not viewer.is_authenticated:
        return ()
    return (viewer.username, viewer.display_name, viewer.role, viewer.time_zone)


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


def _user(_session: Session, user: User) -> list[str]:
    return member_stamps(user.id)


def _owner(_session: Session, row) -> list[str]:
    return member_stamps(row.user_id)


def _block(_session: Session, block: Block) -> list[str]:
    # The blocker's pages hide the blocked member's posts. Both: a block is rare, and the blocked
    # member's pages need not depend on blocks hiding nothing in their direction.
    return member_stamps(block.blocker_id, block.blocked_id)


def _alias_block(_session: Session, block: AliasBlock) -> list[str]:
    return member_stamps(block.blocker_id)


def _join_request(session: Session, join_request: JoinRequest) -> list[str]:
    # The member's "your request is waiting"; a listener's count of waiting requests on the group page.
    return [*member_stamps(join_request.user_id), *_group_of(session, join_request.group_id)]


def _queue_item(_session: Session, item: QueueItem) -> list[str]:
    # Only the author reads why their post waits or was declined (forum/_post.html).
    return member_stamps(item.author_id)


def register() -> None:
    watch(Thread, _thread)
    watch(Post, _post)
    watch(Reaction, _reaction)
    watch(QaSession, _qa_session, columns=("group_id", "host_id", "title", "starts_at", "duration_minutes", "state"))
    watch(Group, _everything)
    # What a byline shows; a sign-in or a new time zone changes no one else's page.
    watch(User, _everything, columns=("username", "display_name", "role", "credential", "handle"), inserts=False)

    # --- What a member's own pages show (page_cache.for_member): their stamp, per entry ---------
    # The header and everything mapped from the member's row: display name and username (profile
    # link), role (moderator link, "Talk to a listener", held posts a listener sees, the clinician's
    # Q&A button), time zone (every time shown), trust. Any column: the row changes rarely.
    watch(User, _user, inserts=False)
    # "Join group" or the reply box and "Leave group"; who may read a private group's pages (the
    # view checks that on every request too).
    watch(Membership, _owner)
    # Posts and thread rows hidden from the blocker: named authors by account, anonymous by alias.
    watch(Block, _block)
    watch(AliasBlock, _alias_block)
    # The bell's unread count and the "a listener is here for you" banner in every page's header.
    # notifications.service's bulk updates name the member (page_cache.STAMPS_OPTION).
    watch(Notification, _owner)
    # Which content warnings start folded on the thread page.
    watch(ContentPreference, _owner)
    # The group page's "your request to join is waiting" (and a listener's count of them).
    watch(JoinRequest, _join_request)
    # The author's notice under their held, declined or privately kept post.
    watch(QueueItem, _queue_item)
