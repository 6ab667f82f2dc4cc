"""Plain words for the moderator view: what listeners read instead of code names
(``chat_message``, ``crisis.plan``, ``escalated``, ``new-member``, ``chat_mute``).

The one mapping from stored names to words. A name not listed still reads as words
(underscores, dots and dashes become spaces), never as code.
"""

from __future__ import annotations

from flask import Blueprint

from moderation import content
from moderation.reports import REASONS as REPORT_REASONS

STATES = {
    "pending": "waiting",
    "escalated": "crisis: with a listener",
    "approved": "approved",
    "rejected": "declined",
    "resolved": "resolved",
    "published": "published",
    "superseded": "replaced by the author's edit",
}

# Why an item is in the queue ("held because ...").
REASONS = {
    "clean": "nothing found",
    "flagged": "the screener found something",
    "premoderated": "this group reviews every post",
    "new-member": "a new member's first posts",
    "report": "a member reported it",
    "revised": "an edit of held or removed content",
}

LABELS = {
    "crisis": "crisis",
    "misinformation": "health misinformation",
    "ed-numbers": "body numbers",
    "profanity": "strong language",
}

# Audit log actions.
ACTIONS = {
    "approve": "approved",
    "reject": "declined or removed",
    "claim": "claimed a crisis or check-in",
    "resolve": "resolved",
    "reveal": "revealed an anonymous author",
    "remove_question": "removed a Q&A question",
    "chat_remove": "removed a chat message",
    "chat_mute": "muted a member in chat",
    "chat_slow_mode": "set chat slow mode",
    "support_accept": "accepted a support request",
    "support_open": "opened a support chat",
    "superseded": "closed: the author edited it, and the new version waits as its own item",
    "account_deleted": "a member deleted their account",
    "data_export_requested": "a member asked for their data",
}


def _words(name: object) -> str:
    return str(getattr(name, "value", name)).replace("_", " ").replace("-", " ").replace(".", ": ")


def _plain(mapping: dict[str, str], name: object) -> str:
    value = str(getattr(name, "value", name))
    return mapping.get(value, _words(value))


def plain_kind(name: str) -> str:
    """``chat_message`` → "chat message": the label its feature gave the content kind."""
    try:
        return content.kind(name).label
    except KeyError:
        return _words(name)


def plain_report_reason(reason: str) -> str:
    """What the reporter chose, in the words they read on the report page."""
    return _plain(REPORT_REASONS, reason)


def plain_state(state: object) -> str:
    return _plain(STATES, state)


def plain_reason(reason: object) -> str:
    return _plain(REASONS, reason)


def plain_label(label: object) -> str:
    return _plain(LABELS, label)


def plain_action(action: object) -> str:
    return _plain(ACTIONS, action)


def plain_rule(rule: str) -> str:
    """``crisis.plan`` → "crisis: plan"; ``ed_numbers.weight`` → "ed numbers: weight"."""
    group, _, name = str(rule).partition(".")
    words = group.replace("_", " ").replace("-", " ")
    return f"{words}: {name.replace('_', ' ').replace('-', ' ')}" if name else words


def register(bp: Blueprint) -> None:
    for function in (plain_kind, plain_state, plain_reason, plain_label, plain_action, plain_rule, plain_report_reason):
        bp.add_app_template_filter(function, function.__name__)
