"""The literal pre-test (literals.py) may only skip regexes that could not match."""

import re

import pytest

from moderation.screening import crisis, ed_numbers, misinformation, profanity, ruleset, screen, warm
from moderation.screening.context import Post
from moderation.screening.literals import required, squeeze
from moderation.screening.shortcuts import SHORTCUTS

from . import hard_cases

RULESETS = {
    "crisis": crisis._ruleset,
    "misinformation": lambda: misinformation._catalogue()[1],
    "ed-numbers": ed_numbers._ruleset,
    "profanity": lambda: profanity._rules()[0],
}


def _texts(dev_cases) -> list[str]:
    written = [text for name in dir(hard_cases) if name.isupper() for text, _ in getattr(hard_cases, name)]
    texts = [case["text"] for case in dev_cases] + written
    # Stretched, doubled and spaced-out spellings the rules must still see.
    return (
        texts
        + [re.sub(r"([a-z])", r"\1\1", text) for text in texts[::7]]
        + ["I want to diiiiie", "kiiiill myyyself", "thinking  about\n\tsuicide", "had 1200 today"]
    )


def _holds_by_substring(clauses, text: str) -> bool:
    squeezed = squeeze(text)
    return all(any(literal in squeezed for literal in clause) for clause in clauses)


def test_squeeze_folds_letter_runs_spaces_and_digits():
    assert squeeze("Sooo  tiiired\n\tof 2024") == "So tired of 0000"


def test_literals_of_a_stretchy_pattern_are_squeezed():
    clauses = required(r"\bk+i+ll+\s+m+y+s+e+l+f+\b")
    assert clauses == (frozenset({"kil myself"}),)


def test_number_patterns_need_their_digits():
    clauses = required(r"\b(?:under|below) \d{3,4} (?:a|per) day\b")
    assert _holds_by_substring(clauses, "under 1200 a day")
    assert not _holds_by_substring(clauses, "under a day")


@pytest.mark.parametrize("name", RULESETS)
def test_literals_hold_wherever_a_pattern_matches(dev_cases, name):
    ruleset = RULESETS[name]()
    posts = [Post(text) for text in _texts(dev_cases)]
    for rule in ruleset.rules:
        for pattern in rule.patterns:
            clauses = required(pattern.regex.pattern)
            for post in posts:
                text = getattr(post, ruleset.field)
                if pattern.regex.search(text):
                    assert _holds_by_substring(clauses, text), (rule.id, pattern, text)


@pytest.mark.parametrize("name", RULESETS)
def test_skipping_by_literals_finds_the_same_matches(dev_cases, monkeypatch, name):
    rules = RULESETS[name]()
    texts = _texts(dev_cases)
    with_test = [list(rules.matches(Post(text))) for text in texts]
    # Without the test, every trigger word present runs all its patterns combined.
    monkeypatch.setattr(ruleset, "_choose", lambda search, present: (search.combined, None))
    assert [list(rules.matches(Post(text))) for text in texts] == with_test


def test_warm_leaves_nothing_for_the_first_post_to_build():
    warm()
    version = SHORTCUTS.index.version
    screen("I want to end it tonight, goodbye. Narcan doesn't work. Under 900 a day. you're a fat pig, f*ck off")
    assert SHORTCUTS.index.version == version
