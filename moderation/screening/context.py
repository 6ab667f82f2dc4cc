"""Per-post context shared by the label modules: views, sentences, quotes, cues.

The cue patterns (negation, past tense, reported speech...) live in
data/context.toml; this module only knows how to apply them.
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property, lru_cache

from . import normalize
from .rules import Rule, load_toml, post_words

_NEGATION_WINDOW = 30  # chars before a phrase in which "not"/"never" negate it
_MENTION_WINDOW = 25   # chars before a word in which "say"/"typed" make it a mention
_SENTENCE_END = re.compile(r"[.!?\n;]+|:\s")
_CLAUSE_END = re.compile(r"[.!?\n;,]+|:\s|\s(?:but|though|although|tho)\s")
_QUOTE = re.compile(r"(?:(?<=^)|(?<=[\s(:\[]))(['\"])(?=\S)(.+?)(?<=\S)\1(?=$|[\s.,!?;:)\]])")


@lru_cache(maxsize=None)
def cues() -> dict[str, re.Pattern]:
    data = load_toml("context.toml")
    return {name: re.compile("|".join(f"(?:{p})" for p in pats))
            for name, pats in data["cues"].items()}


def _bounds(pattern: re.Pattern, text: str) -> list[int]:
    """Start offsets of the pieces of text that pattern separates."""
    return [0] + [m.end() for m in pattern.finditer(text)]


class Post:
    """One post, with everything the label modules compute from it once."""

    def __init__(self, text: str):
        self.text = text
        self.plain = normalize.plain(text)
        self.view = normalize.deobfuscated(text)

    @cached_property
    def words(self) -> frozenset[str]:
        return post_words(self.view)

    @cached_property
    def _sentences(self) -> list[int]:
        return _bounds(_SENTENCE_END, self.view)

    @cached_property
    def _clauses(self) -> list[int]:
        return _bounds(_CLAUSE_END, self.view)

    @cached_property
    def _quotes(self) -> list[tuple[int, int]]:
        return [m.span(2) for m in _QUOTE.finditer(self.view)]

    def sentence(self, pos: int) -> tuple[int, int]:
        return _piece(self._sentences, pos, len(self.view))

    def next_sentence(self, pos: int) -> tuple[int, int]:
        _, end = self.sentence(pos)
        return self.sentence(end) if end < len(self.view) else (end, end)

    def clause(self, pos: int) -> tuple[int, int]:
        return _piece(self._clauses, pos, len(self.view))

    def quoted(self, start: int, end: int) -> bool:
        return any(q0 <= start and end <= q1 for q0, q1 in self._quotes)

    def cue(self, name: str, start: int, end: int) -> bool:
        """Whether cue `name` occurs in view[start:end]."""
        return cues()[name].search(self.view, start, end) is not None

    def guarded(self, rule: Rule, start: int, end: int) -> bool:
        """Whether a guard the rule names (data files: guards = [...]) cancels a match."""
        s0, s1 = self.sentence(start)
        guards = rule.guards
        if rule.unless and rule.unless.search(self.view, s0, s1):
            return True
        if "quote" in guards and self.quoted(start, end):
            return True
        if "negation" in guards and self.negated(start, end):
            return True
        if "mention" in guards and self.cue("mention", max(0, start - _MENTION_WINDOW), start):
            return True
        if "general" in guards and self.cue("general", s0, start):
            return True
        return "past" in guards and self.cue("past", s0, s1) and not self.cue("current", s0, s1)

    def negated(self, start: int, end: int) -> bool:
        """A negator just before the phrase, or inside it before its verb, in the same clause."""
        c0, _ = self.clause(start)
        return self.cue("negation", max(c0, start - _NEGATION_WINDOW), end)


def _piece(starts: list[int], pos: int, length: int) -> tuple[int, int]:
    index = bisect.bisect_right(starts, pos) - 1
    end = starts[index + 1] if index + 1 < len(starts) else length
    return starts[index], end
