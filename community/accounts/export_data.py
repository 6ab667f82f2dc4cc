"""What a member's export holds: their account and everything they wrote, nobody else.

Each section is a list of plain dicts (JSON-ready). Anonymous posts are included because
they are the member's own, marked as anonymous; no other member's name, id or handle
appears anywhere: threads, groups and sessions are named by their titles only, the
support chats carry the member's own messages, not the listener's, and the member's
notifications say "Someone" where their page named a replier.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa

from community.accounts.models import User
from community.blocks.models import Block
from community.chat.models import ChatMessage
from community.extensions import db
from community.forum.models import Post, Thread
from community.groups.models import Group, JoinRequest, Membership
from community.notifications import access as notifications_access
from community.qa.models import Answer, QaSession, Question
from community.support.models import SupportMessage
from moderation.models import Report


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") + "Z" if moment else None


def account(user: User) -> dict:
    return {"username": user.username, "display_name": user.display_name, "email": user.email,
            "bio": user.bio, "time_zone": user.time_zone, "role": user.role.value,
            "joined": _iso(user.created_at)}  # fmt: skip


def groups(user: User) -> list[dict]:
    rows = db.session.execute(sa.select(Group.name, Membership.joined_at).join(Membership)
                              .where(Membership.user_id == user.id).order_by(Group.name))  # fmt: skip
    return [{"group": name, "joined": _iso(joined)} for name, joined in rows]


def join_requests(user: User) -> list[dict]:
    # Who decided is a listener's identity: the outcome only.
    rows = db.session.execute(sa.select(Group.name, JoinRequest).join(JoinRequest, JoinRequest.group_id == Group.id)
                              .where(JoinRequest.user_id == user.id).order_by(JoinRequest.id))  # fmt: skip
    return [{"group": name, "note": request.note, "state": request.state.value, "asked": _iso(request.created_at)}
            for name, request in rows]  # fmt: skip


def posts(user: User) -> list[dict]:
    rows = db.session.execute(
        sa.select(Post, Thread.title, Group.name).join(Thread, Post.thread_id == Thread.id)
        .join(Group, Thread.group_id == Group.id).where(Post.author_id == user.id).order_by(Post.id)
    )  # fmt: skip
    return [{"thread": title, "group": group, "opening_post": post.is_opening, "anonymous": post.is_anonymous,
             "status": post.status.value, "written": _iso(post.created_at), "edited": _iso(post.edited_at),
             "text": post.body} for post, title, group in rows]  # fmt: skip


def chat_messages(user: User) -> list[dict]:
    rows = db.session.execute(sa.select(ChatMessage, Group.name).join(Group, ChatMessage.group_id == Group.id)
                              .where(ChatMessage.author_id == user.id).order_by(ChatMessage.id))  # fmt: skip
    return [{"group": group, "anonymous": message.is_anonymous, "status": message.status.value,
             "written": _iso(message.created_at), "text": message.body} for message, group in rows]  # fmt: skip


def questions(user: User) -> list[dict]:
    rows = db.session.execute(sa.select(Question, QaSession.title).join(QaSession, Question.session_id == QaSession.id)
                              .where(Question.author_id == user.id).order_by(Question.id))  # fmt: skip
    return [{"session": title, "anonymous": question.is_anonymous, "status": question.status.value,
             "written": _iso(question.created_at), "text": question.body} for question, title in rows]  # fmt: skip


def answers(user: User) -> list[dict]:
    rows = db.session.scalars(sa.select(Answer).where(Answer.author_id == user.id).order_by(Answer.id))
    return [{"written": _iso(answer.created_at), "text": answer.body} for answer in rows]


def support_messages(user: User) -> list[dict]:
    rows = db.session.scalars(sa.select(SupportMessage).where(SupportMessage.author_id == user.id)
                              .order_by(SupportMessage.id))  # fmt: skip
    return [{"written": _iso(message.created_at), "text": message.body} for message in rows]


def reports(user: User) -> list[dict]:
    rows = db.session.scalars(sa.select(Report).where(Report.reporter_id == user.id).order_by(Report.id))
    return [{"reason": report.reason, "note": report.note, "made": _iso(report.created_at)} for report in rows]


def blocks(user: User) -> dict:
    # Who was blocked is another member's identity: the count only.
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Block).where(Block.blocker_id == user.id))
    return {"members_blocked": count}


def notifications(user: User) -> list[dict]:
    # The member's own notices in the words they were shown, except that no other member is
    # named (a replier is "Someone"), as nowhere in the export; content removed since shows as gone.
    return [{"kind": notice.kind, "text": shown.text, "count": notice.count, "created": _iso(notice.created_at),
             "latest": _iso(notice.updated_at), "read": notice.read_at is not None, "read_at": _iso(notice.read_at)}
            for notice, shown in notifications_access.for_export(user)]  # fmt: skip


def notification_settings(user: User) -> dict[str, str]:
    return notifications_access.settings_of(user)


# In the order they are gathered; the build reports progress after each.
SECTIONS: dict[str, Callable[[User], object]] = {
    "account": account, "groups": groups, "join_requests": join_requests, "posts": posts,
    "chat_messages": chat_messages, "questions": questions, "answers": answers, "support_messages": support_messages,
    "reports": reports, "blocks": blocks, "notifications": notifications,
    "notification_settings": notification_settings,
}  # fmt: skip
