"""Literals a regex cannot match without: a cheap test before running it.

From a pattern's syntax tree we derive strings that every match must
contain, as clauses: each clause is a set of strings at least one of which
occurs in the text (say {"suicid"} and {"myself", "meself"}). One
Aho-Corasick pass finds which of all rule files' literals a post contains;
then each pattern's test is a few set look-ups, far cheaper than its regex.
When a clause fails the regex cannot match, so skipping it never changes a
result.

Both sides are compared "squeezed": letter runs collapsed ("kiiill" ->
"kil"), whitespace runs made one space, digits made "0". A stretched letter
("i+") or a run of spaces ("\\s+") is then one exact character, and "\\d{3,4}"
is "000" or "0000". Whatever the analysis does not understand counts as
"could be anything", which only makes a test weaker, never wrong.
"""

from __future__ import annotations

import re
from operator import itemgetter
from re import _constants as sre  # the stdlib's regex syntax tree (3.11+)
from re import _parser

import ahocorasick

Clauses = frozenset[frozenset[str]]  # every clause must hold; none means "always"

_EXACT_LIMIT = 64   # alternatives tracked as exact strings before falling back to clauses
_KEPT = 2           # clauses kept per pattern, the least likely to hold by chance
# Rough odds that a literal of this length occurs in a long post by chance
# (digits count double: numbers are rarer than words).
_CHANCE_BY_LENGTH = (1.0, 1.0, 1.0, 0.6, 0.3, 0.15, 0.08, 0.04)
_ALWAYS: Clauses = frozenset()
_EMPTY = frozenset({""})
_DIGIT = re.compile(r"\d")
_ODD_SPACE = re.compile(r"\s{2,}|[^\S ]")  # whitespace other than one space
_ASCII_DIGIT = re.compile(r"[0-9]")
_ASCII_ODD_SPACE = re.compile(r"[\t-\r\x1c-\x1f]")  # with "  ", the ASCII \s{2,}|[^\S ]
_LETTER_RUN = re.compile(r"([a-z])(?=\1)")  # a letter the same letter follows
_SPACE_CATEGORIES = (sre.CATEGORY_SPACE, sre.CATEGORY_UNI_SPACE)
_DIGIT_CATEGORIES = (sre.CATEGORY_DIGIT, sre.CATEGORY_UNI_DIGIT)


def squeeze(text: str) -> str:
    """The text as literals are compared: letter runs, spaces and digits folded."""
    ascii_only = text.isascii()  # then cheaper character classes find the same things
    digit, odd_space = (_ASCII_DIGIT, _ASCII_ODD_SPACE) if ascii_only else (_DIGIT, _ODD_SPACE)
    if digit.search(text):
        text = digit.sub("0", text)
    if "  " in text or odd_space.search(text):
        text = _ODD_SPACE.sub(" ", text)
    return _LETTER_RUN.sub("", text)


def required(pattern: str) -> Clauses:
    """Clauses that hold in squeeze(text) whenever `pattern` matches in text.

    Only the few least likely to hold by chance are kept: each literal kept
    costs a little in every post, and one failed clause is enough."""
    exact, clauses = _sequence(_parser.parse(pattern))
    useful = [c for c in clauses | _as_clauses(exact) if _chance(c) < 1.0]
    return frozenset(sorted(useful, key=lambda c: (_chance(c), sorted(c)))[:_KEPT])


def holds(clauses: Clauses, present: set[str]) -> bool:
    """Whether every clause has a literal among those found in the text."""
    return all(not clause.isdisjoint(present) for clause in clauses)


class Index:
    """Which of the literals added so far occur in a text, found in one pass."""

    def __init__(self):
        self._literals: set[str] = set()
        self._automaton = None
        self.version = 0  # changes whenever literals are added: results before are stale

    def add(self, literals) -> None:
        new = set(literals) - self._literals
        if new:
            self._literals |= new
            self._automaton = None
            self.version += 1

    def present(self, squeezed: str) -> set[str]:
        if self._automaton is None:
            self._automaton = ahocorasick.Automaton()
            for literal in self._literals:
                self._automaton.add_word(literal, literal)
            self._automaton.make_automaton()
        return set(map(_VALUE, self._automaton.iter(squeezed)))


_VALUE = itemgetter(1)  # iter() yields (end, literal)
INDEX = Index()  # shared by every rule file, so a post is scanned once


def _sequence(items) -> tuple[frozenset[str] | None, Clauses]:
    """Exact strings a run of items matches if few enough, else clauses for its parts."""
    run: frozenset[str] = _EMPTY
    clauses: Clauses = _ALWAYS
    whole = True
    for op, av in items:
        exact, inner = _item(op, av)
        if exact is not None and len(run) * len(exact) <= _EXACT_LIMIT:
            run = frozenset(a + b for a in run for b in exact)
            continue
        whole = False  # unknown text between: what came before is one requirement
        clauses = clauses | _as_clauses(run) | inner
        run = exact if exact is not None else _EMPTY
    return (run, clauses) if whole else (None, clauses | _as_clauses(run))


def _item(op, av) -> tuple[frozenset[str] | None, Clauses]:
    if op is sre.LITERAL:
        return frozenset({chr(av)}), _ALWAYS
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return _EMPTY, _ALWAYS  # zero-width: consumes no text
    if op is sre.IN:
        return _char_class(av), _ALWAYS
    if op is sre.SUBPATTERN:
        return _sequence(av[-1])
    if op is sre.ATOMIC_GROUP:
        return _sequence(av)
    if op is sre.BRANCH:
        return _branch([_sequence(alternative) for alternative in av[1]])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        return _repeat(*av)
    return None, _ALWAYS  # any character, \w, a back-reference...


def _char_class(items) -> frozenset[str] | None:
    chars = set()
    for kind, value in items:
        if kind is sre.LITERAL:
            chars.add(chr(value))
        elif kind is sre.CATEGORY and value in _SPACE_CATEGORIES:
            chars.add(" ")
        elif kind is sre.CATEGORY and value in _DIGIT_CATEGORIES:
            chars.add("0")
        else:
            return None  # ranges, negation, \w...
    return frozenset(chars) if len(chars) <= _EXACT_LIMIT else None


def _branch(alternatives) -> tuple[frozenset[str] | None, Clauses]:
    exacts = [exact for exact, _ in alternatives]
    if None not in exacts:
        union = frozenset().union(*exacts)
        if len(union) <= _EXACT_LIMIT:
            return union, _ALWAYS
    # Some alternative matched, so the strongest clause of one of them holds.
    either: set[str] = set()
    for exact, clauses in alternatives:
        own = clauses | _as_clauses(exact)
        if not own:
            return None, _ALWAYS
        either |= min(own, key=_chance)
    return None, frozenset({_minimal(either)})


def _repeat(low: int, high: int, item) -> tuple[frozenset[str] | None, Clauses]:
    exact, clauses = _sequence(item)
    if exact is not None and len(exact) == 1:
        (one,) = exact
        if len(one) == 1 and squeeze(one * 2) == one:  # "i+", "\s+": one char squeezed
            return (exact | _EMPTY if low == 0 else exact), _ALWAYS
        if high <= 4:  # "\d{3,4}": "000" or "0000"
            return frozenset(one * n for n in range(low, high + 1)), _ALWAYS
    if low == 0:
        return (exact | _EMPTY if exact is not None and high == 1 else None), _ALWAYS
    return None, clauses | _as_clauses(exact)


def _as_clauses(exact: frozenset[str] | None) -> Clauses:
    if exact is None:
        return _ALWAYS
    literals = {squeeze(s) for s in exact}
    if "" in literals:
        return _ALWAYS
    return frozenset({_minimal(literals)})


def _minimal(literals) -> frozenset[str]:
    """Drop literals that contain another of the clause: "ab" or "abc" is "ab"."""
    kept: list[str] = []
    for literal in sorted(literals, key=len):
        if not any(k in literal for k in kept):
            kept.append(literal)
    return frozenset(kept)


def _chance(clause: frozenset[str]) -> float:
    miss = 1.0
    for literal in clause:
        length = len(literal) + literal.count("0")
        miss *= 1.0 - _CHANCE_BY_LENGTH[min(length, len(_CHANCE_BY_LENGTH) - 1)]
    return 1.0 - miss
