"""Crisis: current risk to someone's life or safety (LABEL_POLICY.md §1).

Rules live in data/crisis.toml. Each match is then checked against the
guards its rule names, which encode the policy's exclusions: negation,
past tense, quotes, talking about a word, generic advice.
"""

from __future__ import annotations

from functools import cache

from . import rules
from .context import Post
from .rules import Rule, compile_rules, load_toml
from .ruleset import Ruleset
from .verdict import Match

LABEL = "crisis"


@cache
def _ruleset() -> Ruleset:
    data = load_toml("crisis.toml")
    return Ruleset(compile_rules(data["rule"], data["fragments"], rules.CRISIS, stretchy=True))


def words() -> frozenset[str]:
    """The words of a post that these rules look for."""
    return _ruleset().words


def find(post: Post) -> tuple[list[Match], str]:
    """Crisis matches in the post, and the severity they add up to."""
    matches: list[Match] = []
    imminent = False
    for rule, start, end in _ruleset().matches(post):
        start, end = _trim(post.view, start, end)
        if start >= end or not post.accepts(rule, start, end):
            continue
        matches.append(Match(LABEL, rule.id, rule.kind, start, end, post.text[start:end]))
        imminent = imminent or _is_imminent(post, rule, start)
    severity = "imminent" if imminent else "high" if matches else "none"
    return matches, severity


def _trim(view: str, start: int, end: int) -> tuple[int, int]:
    """Drop the punctuation and spaces a clause-start anchor may have taken in."""
    while start < end and not view[start].isalnum():
        start += 1
    while end > start and view[end - 1].isspace():
        end -= 1
    return start, end


def _is_imminent(post: Post, rule: Rule, start: int) -> bool:
    if rule.severity == "imminent":
        return True
    s0, s1 = post.sentence(start)
    return post.cue("imminent_time", s0, s1)
