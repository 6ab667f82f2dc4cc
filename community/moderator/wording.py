"""Plain words for the moderator view: what listeners read instead of code names
(``chat_message``, ``crisis.plan``, ``escalated``)."""

from __future__ import annotations

from flask import Blueprint

STATES = {
    "pending": "waiting",
    "escalated": "crisis: with a listener",
    "approved": "approved",
    "rejected": "declined",
    "resolved": "resolved",
    "published": "published",
    "superseded": "replaced by the author's edit",
}


def plain_kind(name: str) -> str:
    """``chat_message`` → "chat message"."""
    return str(name).replace("_", " ")


def plain_state(state: object) -> str:
    value = getattr(state, "value", state)
    return STATES.get(value, str(value).replace("_", " "))


def plain_rule(rule: str) -> str:
    """``crisis.plan`` → "crisis: plan"; ``ed_numbers.weight`` → "ed numbers: weight"."""
    group, _, name = str(rule).partition(".")
    words = group.replace("_", " ").replace("-", " ")
    return f"{words}: {name.replace('_', ' ')}" if name else words


def register(bp: Blueprint) -> None:
    for function in (plain_kind, plain_state, plain_rule):
        bp.add_app_template_filter(function, function.__name__)
