"""Per-post context shared by the label modules: views, sentences, quotes, cues.

The cue patterns (negation, past tense, reported speech...) live in
data/context.toml; this module only knows how to apply them.
"""

from __future__ import annotations

import bisect
import re
from functools import cache

from . import index, literals, normalize, runs
from .rules import Rule, canonical, load_toml, stretch
from .shortcuts import SHORTCUTS

_NEGATION_WINDOW = 30  # chars before a phrase in which "not"/"never" negate it
_MENTION_WINDOW = 25  # chars before a word in which "say"/"typed" make it a mention
# These are written to start with one character class so that the regex
# engine skips ahead to candidates instead of trying every position:
# [.!?\n;]+|:\s
_SENTENCE_END = re.compile(r"[.!?\n;:](?:(?<=:)\s|(?<!:)[.!?\n;]*)")
_SENTENCE_MARKS = bytes(ord(".") if chr(b) in ".!?\n;" else ord(" ") for b in range(256))
_DOTS = re.compile(rb"\.\.*")  # not \.+: a pattern starting with a literal is searched for far faster
_COLON_SPACE = re.compile(r":\s")
# [.!?\n;,]+|:\s|\s(?:but|though|although|tho)\s
_CLAUSE_END = re.compile(r"[.!?\n;,:\s](?:(?<=[.!?\n;,])[.!?\n;,]*|(?<=:)\s|(?<=\s)(?:but|though|although|tho)\s)")
# Every byte but a-z becomes a space (those of non-ASCII characters too), so
# splitting gives the words that [a-z]+ would find, much faster than a regex.
_LETTERS_ONLY = bytes(b if 97 <= b <= 122 else 32 for b in range(256))
_STRETCHED_WORD = re.compile(r"[a-z]*([a-z])\1\1[a-z]*")
# A quotation: a quote mark at the start or after a space or ( : [, what it
# opens, the same mark closing it. The mark comes first so the engine can skip
# to quote marks; the look-behind then checks the character before it.
_QUOTE = re.compile(r"(['\"])(?<![^\s(:\[]['\"])(?=\S)(.+?)(?<=\S)\1(?=$|[\s.,!?;:)\]])")


@cache
def cues() -> dict[str, re.Pattern]:
    data = load_toml("context.toml")
    compiled = {name: re.compile("|".join(f"(?:{p})" for p in pats)) for name, pats in data["cues"].items()}
    for regex in compiled.values():
        needs(regex)
    return compiled


@cache
def needs(regex: re.Pattern) -> literals.Needs:
    """The literals a guard's regex cannot match without (see literals), added to
    the literal scan. Called when rules are built, so the scan is ready before
    the first post."""
    clauses = SHORTCUTS.required(regex.pattern)
    SHORTCUTS.index.add(literal for clause in clauses for literal in clause)
    return clauses


@cache
def finder(word: str) -> re.Pattern:
    """Where a trigger word occurs; symbols (emoji) as is, words stretch-tolerant."""
    if not word.isalpha():
        return re.compile(re.escape(word))
    first, rest = word[0], stretch(canonical(word))[2:]  # "k+i+l+" -> "i+l+"
    # Starting with a literal letter lets the regex engine skip ahead quickly.
    return re.compile(f"{first}(?<![a-z]{first}){first}*{rest}(?![a-z])")


def _sentence_starts(text: str) -> list[int]:
    """_bounds(_SENTENCE_END, text), quicker on ASCII text: sentences start after
    each run of [.!?\\n;] and after each ":" and whitespace (_SENTENCE_END's match
    ends), and a run is found by a byte translation and a search for dots."""
    if not text.isascii():
        return _bounds(_SENTENCE_END, text)
    ends = [m.end() for m in _DOTS.finditer(text.encode("ascii").translate(_SENTENCE_MARKS))]
    if ":" in text:
        ends = sorted({*ends, *(m.end() for m in _COLON_SPACE.finditer(text))})
    return [0, *ends]


def _bounds(pattern: re.Pattern, text: str) -> list[int]:
    """Start offsets of the pieces of text that pattern separates."""
    return [0] + [m.end() for m in pattern.finditer(text)]


class _once:  # noqa: N801 (used like the decorator it stands for)
    """functools.cached_property without the lock Python 3.11 takes on each
    first use: a post is worked on by one thread, and this runs on every post."""

    def __init__(self, compute):
        self.compute, self.name = compute, compute.__name__

    def __get__(self, post, owner=None):
        if post is None:
            return self
        value = post.__dict__[self.name] = self.compute(post)
        return value


class Post:
    """One post, with everything the label modules compute from it once."""

    def __init__(self, text: str, vocabulary: frozenset[str] | None = None):
        self.text = text
        self.plain = normalize.plain(text)
        self.view = normalize.deobfuscated(self.plain)
        self._vocabulary = vocabulary

    def literals(self, field: str) -> index.Found:
        """Which rule literals occur in the view or plain text (see literals)."""
        text = getattr(self, field)
        cache = self.__dict__.setdefault("_literals", {})
        key = (text, SHORTCUTS.index.version)  # the view is often the plain text as is
        if key not in cache:
            cache[key] = SHORTCUTS.index.scan(literals.squeeze(text))
        return cache[key]

    @_once
    def words(self) -> frozenset[str]:
        """The distinct words of the post (lowercase, leetspeak undone), or only
        those in the vocabulary if one was given: the rules look for no others,
        and keeping a few words is much cheaper than a set of all of them."""
        letters = self.view.encode("utf-8", "replace").translate(_LETTERS_ONLY)
        tokens = letters.decode("ascii").split()
        if self._vocabulary is None:
            return frozenset(tokens)
        return self._vocabulary.intersection(tokens)

    @_once
    def stretched_words(self) -> frozenset[str]:
        """Canonical forms of words typed with a stretched letter ("sooo", "diiie")."""
        if not runs.scan(self.view).stretched:
            return frozenset()
        return frozenset(canonical(m.group()) for m in _STRETCHED_WORD.finditer(self.view))

    def sentences_with(self, word: str) -> list[tuple[int, int]]:
        """The sentences that contain `word` (stretched spellings included)."""
        cache = self.__dict__.setdefault("_word_sentences", {})
        if word not in cache:
            spans = {self.sentence(m.start()) for m in finder(word).finditer(self.view)}
            cache[word] = sorted(spans)
        return cache[word]

    @_once
    def _sentences(self) -> list[int]:
        return _sentence_starts(self.view)

    @_once
    def _clauses(self) -> list[int]:
        return _bounds(_CLAUSE_END, self.view)

    @_once
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
        regex = cues()[name]
        return self._could_match(regex) and regex.search(self.view, start, end) is not None

    def _could_match(self, regex: re.Pattern) -> bool:
        """False when the post lacks a literal the regex needs, so it cannot match:
        cheaper than running a guard's regex, which can be long."""
        if not SHORTCUTS.enabled:
            return True
        present = self.literals("view").literals
        return all(not clause.isdisjoint(present) for clause in needs(regex))

    def accepts(self, rule: Rule, start: int, end: int) -> bool:
        """Whether a match stands: the rule's `requires` is met and no guard cancels it."""
        return self._requirement_met(rule) and not self.guarded(rule, start, end)

    def _requirement_met(self, rule: Rule) -> bool:
        if rule.requires is None:
            return True
        cache = self.__dict__.setdefault("_requirements", {})
        if rule.id not in cache:
            requires = rule.requires
            cache[rule.id] = self._could_match(requires) and requires.search(self.view) is not None
        return cache[rule.id]

    def guarded(self, rule: Rule, start: int, end: int) -> bool:
        """Whether a guard the rule names (data files: guards = [...]) cancels a match."""
        s0, s1 = self.sentence(start)
        guards = rule.guards
        if rule.unless and self._could_match(rule.unless) and rule.unless.search(self.view, s0, s1):
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
    at = bisect.bisect_right(starts, pos) - 1
    end = starts[at + 1] if at + 1 < len(starts) else length
    return starts[at], end
