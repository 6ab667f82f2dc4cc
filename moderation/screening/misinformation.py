"""Misinformation: asserting a claim from the curated catalogue (policy §2).

The catalogue is data/claims.toml: each claim has patterns for its asserted
form, a one-sentence correction and a credible source. A pattern match only
counts when the sentence asserts the claim: questions, negated forms,
reports of someone else's belief and debunking are set aside.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from . import rules
from .context import Post
from .rules import Rule, compile_rules, load_toml
from .ruleset import Ruleset
from .verdict import Match

LABEL = "misinformation"
_LOOKBACK = 12  # chars before a claim in which a negator ("doesn't") flips it


@dataclass(frozen=True)
class Claim:
    """A debunked health claim a listener can attach to a post as a context note."""

    id: str
    topic: str
    summary: str
    correction: str
    source_url: str


@cache
def _catalogue() -> tuple[dict[str, Claim], Ruleset]:
    data = load_toml("claims.toml")
    entries = [{**entry, "kind": entry["topic"]} for entry in data["claim"]]
    compiled = compile_rules(entries, data.get("fragments", {}), rules.CLAIMS, stretchy=False)
    claims = {e["id"]: Claim(e["id"], e["topic"], e["summary"], e["correction"], e["source_url"]) for e in entries}
    return claims, Ruleset(compiled)


def get_claim(rule_id: str) -> Claim | None:
    """The catalogue entry behind a misinformation match's rule id."""
    return _catalogue()[0].get(rule_id)


def all_claims() -> tuple[Claim, ...]:
    return tuple(_catalogue()[0].values())


def words() -> frozenset[str]:
    """The words of a post that these rules look for."""
    return _catalogue()[1].words


def find(post: Post) -> list[Match]:
    matches: dict[str, Match] = {}
    for rule, start, end in _catalogue()[1].matches(post):
        # One span per claim is enough to explain the label.
        if rule.id not in matches and start < end and _asserted(post, rule, start, end):
            matches[rule.id] = Match(LABEL, rule.id, rule.kind, start, end, post.text[start:end])
    return list(matches.values())


def _asserted(post: Post, rule: Rule, start: int, end: int) -> bool:
    """Whether the post asserts the claim rather than asks, reports or refutes it."""
    s0, s1 = post.sentence(start)
    n0, n1 = post.next_sentence(start)
    if "rhetorical" not in rule.guards and post.cue("question", s0, s1):
        return False
    if "negative" not in rule.guards and post.cue("negation", max(s0, start - _LOOKBACK), end):
        return False
    if post.cue("reported", s0, start):
        return False
    return not (post.cue("debunk", s0, start) or post.cue("debunk", end, s1) or post.cue("debunk", n0, n1))
