"""ed-numbers: body, intake and fasting numbers, and thinspiration (policy §3).

Rules are in data/ed_numbers.toml and run on the lowercased text with digits
as typed. The label never depends on the group's condition (§3.4).
"""

from __future__ import annotations

from functools import cache

from . import normalize, rules
from .context import Post
from .rules import compile_rules, load_toml
from .ruleset import Ruleset
from .verdict import Match

LABEL = "ed-numbers"


@cache
def _ruleset() -> Ruleset:
    data = load_toml("ed_numbers.toml")
    return Ruleset(compile_rules(data["rule"], data["fragments"], rules.ED_NUMBERS, stretchy=False), field="plain")


def words() -> frozenset[str]:
    """The words of a post that these rules look for."""
    return _ruleset().words | _thinspo_ruleset().words | _NUMBER_WORDS


def find(post: Post) -> list[Match]:
    if not (normalize.has_digit(post.plain) or _spelled_number(post)):
        return _find(post, _thinspo_ruleset())
    return _find(post, _ruleset())


def _find(post: Post, ruleset: Ruleset) -> list[Match]:
    return [
        Match(LABEL, rule.id, rule.kind, start, end, post.text[start:end])
        for rule, start, end in ruleset.matches(post)
        if start < end and post.accepts(rule, start, end)
    ]


@cache
def _thinspo_ruleset() -> Ruleset:
    """The rules that need no number, for posts without any."""
    return Ruleset(tuple(r for r in _ruleset().rules if r.kind != "number"), field="plain")


_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty half".split()
)


def _spelled_number(post: Post) -> bool:
    return not _NUMBER_WORDS.isdisjoint(post.words)
