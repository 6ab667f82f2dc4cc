"""Content screening: text in, verdict out. Pure Python, no Flask, no database.

    verdict = screen("I want to end it tonight", condition="mental-health")
    verdict.labels    -> ("crisis",)
    verdict.severity  -> "imminent"

Labels and their meaning follow the label policy (tests/screening/README.md);
rules and word lists live in data/ and are loaded once per process.
"""

from __future__ import annotations

from functools import cache

from . import crisis, ed_numbers, misinformation, profanity
from .context import Post
from .misinformation import Claim, get_claim
from .profanity import mask_profanity
from .verdict import LABELS, SEVERITIES, Match, Verdict, build_verdict, severity_without_crisis

CONDITIONS = ("mental-health", "recovery", "eating-disorders")

__all__ = [
    "CONDITIONS",
    "LABELS",
    "SEVERITIES",
    "Claim",
    "Match",
    "Verdict",
    "get_claim",
    "mask_profanity",
    "screen",
    "screen_by_rules",
    "warm",
    "warm_rules",
]


def screen(text: str, condition: str = "mental-health") -> Verdict:
    """Screen one post, chat line or question.

    `condition` names the group's focus; it is validated but never changes the
    labels (policy §3.4): groups decide what to do with a label, not whether
    it applies.
    """
    if not isinstance(text, str):
        raise TypeError("text must be a string")
    if condition not in CONDITIONS:
        raise ValueError(f"unknown condition {condition!r}; expected one of {CONDITIONS}")
    return screen_by_rules(text)


def screen_by_rules(text: str) -> Verdict:
    """The rules' verdict."""
    post = Post(text, _vocabulary())
    crisis_matches, severity = crisis.find(post)
    others = misinformation.find(post) + ed_numbers.find(post) + profanity.find(post)
    if not crisis_matches and others:
        severity = severity_without_crisis(others)
    return build_verdict(crisis_matches + others, severity)


@cache
def _vocabulary() -> frozenset[str]:
    """Every word some rule looks for in a post's words."""
    return crisis.words() | misinformation.words() | ed_numbers.words() | profanity.words()


def warm() -> None:
    """Compile every rule file now, not on the first post: a server calls this at
    start so that no member's first message waits for it."""
    warm_rules()


def warm_rules() -> None:
    """Load and compile every rule file (most of their analysis comes from data/literals.json)."""
    from . import context, rules
    from .shortcuts import SHORTCUTS

    context.cues()
    rules._common_words()
    crisis._ruleset()
    ed_numbers._ruleset()
    ed_numbers._thinspo_ruleset()
    misinformation._catalogue()
    profanity._lexicon()
    profanity._rules()
    _vocabulary()
    SHORTCUTS.index.scan("")  # builds the automaton of every rule file's literals
