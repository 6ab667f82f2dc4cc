"""ed-numbers: body, intake and fasting numbers, and thinspiration (policy §3).

Rules are in data/ed_numbers.toml and run on the lowercased text with digits
as typed. The label never depends on the group's condition (§3.4).
"""

from __future__ import annotations

from functools import lru_cache

from .context import Post
from .rules import TriggerIndex, compile_rule, load_toml
from .verdict import Match

LABEL = "ed-numbers"


@lru_cache(maxsize=None)
def _index() -> TriggerIndex:
    data = load_toml("ed_numbers.toml")
    return TriggerIndex(tuple(compile_rule(e, data["fragments"], stretchy=False)
                              for e in data["rule"]))


def find(post: Post) -> list[Match]:
    matches = []
    has_digit = any(c.isdigit() for c in post.plain)
    for rule in _index().candidates(post.words):
        if rule.kind == "number" and not has_digit and not _spelled_number(post):
            continue
        for found in rule.regex.finditer(post.plain):
            start, end = found.span()
            if start < end and not post.guarded(rule, start, end):
                matches.append(Match(LABEL, rule.id, rule.kind, start, end,
                                     post.text[start:end]))
    return matches


_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten eleven twelve "
                          "thirteen fourteen fifteen sixteen seventeen eighteen nineteen "
                          "twenty thirty forty fifty half".split())


def _spelled_number(post: Post) -> bool:
    return not _NUMBER_WORDS.isdisjoint(post.words)
