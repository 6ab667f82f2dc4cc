"""Rate limits on every write, per member, shared by every server process.

One function, ``check_write(member, action)``, called by the views and socket handlers of
each kind of write before its use case. The counters live in Flask-Limiter's storage:
Redis when REDIS_URL is set (so a member has one allowance, whichever process serves them),
memory otherwise. Sign-ups are limited per address on the sign-up view itself.

Trust levels: an account that has not yet taken part (a member whose posts still wait for a
listener; community.accounts' ``trusted_since``) gets a smaller allowance. Sock puppets and
scripts are new accounts; people who have been around keep the full pace.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from limits import RateLimitItem, parse_many

from community.accounts.models import Role, User
from community.errors import RateLimited
from community.extensions import limiter


@dataclass(frozen=True)
class Allowance:
    established: tuple[RateLimitItem, ...]
    new: tuple[RateLimitItem, ...]
    message: str


def _allowance(established: str, new: str, message: str) -> Allowance:
    return Allowance(tuple(parse_many(established)), tuple(parse_many(new)), message)


_SLOW = "Please wait a minute and try again."
# Per member: bursts a person never needs are cut off (the review saw 40 replies in 0.3 s),
# while someone writing a lot on a hard night keeps going. Attempts count, refused ones too.
ALLOWANCES = {
    "thread": _allowance("15 per minute; 60 per hour", "5 per minute; 20 per hour",
                         f"You're starting threads quickly. {_SLOW}"),
    "reply": _allowance("20 per minute; 200 per hour", "5 per minute; 40 per hour",
                        f"You're replying quickly. {_SLOW}"),
    "edit": _allowance("20 per minute; 120 per hour", "5 per minute; 30 per hour",
                       f"You're editing quickly. {_SLOW}"),
    "question": _allowance("10 per minute; 60 per hour", "3 per minute; 20 per hour",
                           f"You're asking quickly. {_SLOW}"),
    "answer": _allowance("20 per minute", "20 per minute", f"You're answering quickly. {_SLOW}"),
    "vote": _allowance("30 per minute", "10 per minute", f"You're voting quickly. {_SLOW}"),
    "chat": _allowance("30 per minute", "10 per minute",
                       "You're sending messages quickly. Please wait a few seconds."),
    "support": _allowance("10 per hour", "10 per hour",
                          "You've asked for a listener several times. One will answer as soon as they can. "
                          "If you're in danger now, call or text 988, or see the crisis page."),
}  # fmt: skip


def is_new_account(member: User) -> bool:
    """Not yet taken part: the same test that holds a newcomer's posts for a listener."""
    return member.role is Role.MEMBER and member.trusted_since is None


def check_write(member: User, action: str) -> None:
    """Count one ``action`` by ``member``; raise RateLimited (429) when over the allowance."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    allowance = ALLOWANCES[action]
    tier = "new" if is_new_account(member) else "established"
    for limit in allowance.new if tier == "new" else allowance.established:
        if not limiter.limiter.hit(limit, "write", action, tier, str(member.id)):
            raise RateLimited(allowance.message)
