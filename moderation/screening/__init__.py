"""Content screening: text in, verdict out. Pure Python, no Flask, no database.

    verdict = screen("I want to end it tonight", condition="mental-health")
    verdict.labels    -> ("crisis",)
    verdict.severity  -> "imminent"
    verdict.risk      -> 0.98   (the learned model's crisis risk)
    verdict.check_in  -> False  (True: possible risk, a listener checks in)

Labels and their meaning follow the label policy (LABEL_POLICY.md beside
this file). Two screeners run on every post: the rules (data/, loaded once
per process) and a learned risk model (model/, see risk.py and learned.py)
that catches what no rule foresaw; either one can start the crisis flow.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from . import crisis, ed_numbers, learned, meaning, misinformation, profanity, risk
from .context import Post
from .misinformation import Claim, get_claim
from .profanity import mask_profanity
from .risk import ModelUnavailable
from .verdict import LABELS, SEVERITIES, Match, Verdict, build_verdict, severity_without_crisis

CONDITIONS = ("mental-health", "recovery", "eating-disorders")

__all__ = [
    "CONDITIONS",
    "LABELS",
    "SEVERITIES",
    "ModelUnavailable",
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
    ruled = screen_by_rules(text)
    assessment = learned.assess(text, frozenset(ruled.labels))
    verdict = ruled
    if assessment.matches:
        severity = ruled.severity if ruled.has("crisis") else _model_severity(ruled, assessment)
        verdict = build_verdict([*ruled.matches, *assessment.matches], severity)
    return replace(verdict, risk=assessment.risk, check_in=assessment.check_in, reasons=assessment.reasons)


def _model_severity(ruled: Verdict, assessment: learned.Assessment) -> str:
    """A model crisis is "high"; a model misinformation match alone is "low", as a rule's is."""
    if any(m.label == "crisis" for m in assessment.matches):
        return "high"
    return ruled.severity if ruled.labels else "low"


def screen_by_rules(text: str) -> Verdict:
    """The rules' verdict alone (no risk score): what screen() builds on."""
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
    """Load the risk model and compile every rule file now, not on the first post:
    a server calls this at start so that no member's first message waits for it.
    Raises ModelUnavailable, naming the file, if the model cannot be loaded."""
    meaning.claim_vectors(risk.model())
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
