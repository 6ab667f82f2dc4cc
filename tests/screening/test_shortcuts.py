"""The rule engine's speed shortcuts never change a verdict, and start-up reuses their analysis."""

import re
from importlib import resources

import pytest

from moderation.screening import screen_by_rules, warm_rules
from moderation.screening.shortcuts import SHORTCUTS

from . import hard_cases
from .test_corpus import corpus_posts


def _texts() -> list[str]:
    written = [text for name in dir(hard_cases) if name.isupper() for text, _ in getattr(hard_cases, name)]
    texts = written + [post["text"] for post in corpus_posts()]
    long_posts = [" ".join(texts[i : i + 40]) for i in range(0, len(texts), 40)]
    stretched = [re.sub(r"([a-z])", r"\1\1", text) for text in texts[::9]]
    return texts + long_posts + stretched


@pytest.fixture
def shortcuts_off():
    SHORTCUTS.enabled = False
    yield
    SHORTCUTS.enabled = True


def test_verdicts_are_identical_with_the_shortcuts_on_and_off(request):
    texts = _texts()
    with_shortcuts = [screen_by_rules(text) for text in texts]
    request.getfixturevalue("shortcuts_off")
    without = [screen_by_rules(text) for text in texts]
    differing = [i for i, (a, b) in enumerate(zip(with_shortcuts, without, strict=True)) if a != b]
    assert differing == []
    assert sum(bool(v.labels) for v in without) > 300  # the texts do exercise the rules


def test_the_stored_pattern_analyses_are_current_and_complete():
    warm_rules()
    assert SHORTCUTS.is_stored(), "run: python -m moderation.screening.rebuild_literals"
    stored = resources.files("moderation.screening").joinpath("data", "literals.json").read_text("utf-8")
    assert stored == SHORTCUTS.store_text(), "run: python -m moderation.screening.rebuild_literals"
