"""Literals a regex cannot match without: a cheap test before running it.

From a pattern's syntax tree we derive strings that every match must
contain, as clauses: each clause is a set of strings at least one of which
occurs in the text (say {"suicid"} and {"myself", "meself"}). One pass
finds which of all rule files' literals a post contains (index.py); then
each pattern's test is a few set look-ups, far cheaper than its regex. When
a clause fails the regex cannot match, so skipping it never changes a result.

Both sides are compared "squeezed": letter runs collapsed ("kiiill" ->
"kil"), whitespace runs made one space, digits made "0". A stretched letter
("i+") or a run of spaces ("\\s+") is then one exact character, and "\\d{3,4}"
is "000" or "0000". Whatever the analysis does not understand counts as
"could be anything", which only makes a test weaker, never wrong.
"""

from __future__ import annotations

import re
from re import _constants as sre  # the stdlib's regex syntax tree (3.11+)
from re import _parser
from typing import NamedTuple

from . import runs

Clauses = frozenset[frozenset[str]]  # every clause must hold; none means "always"
Needs = tuple[frozenset[str], ...]  # the same, the least likely to hold by chance first

_EXACT_LIMIT = 256  # alternatives tracked as exact strings before falling back to clauses
_KEPT = 2  # clauses kept per pattern, the least likely to hold by chance
_SECOND_LARGEST = 32  # literals in a second clause, at most
_LONGEST = 12  # characters kept of a literal: more rarely rule out more, and grow the scan's tables
# Rough odds that a literal of this many characters (spaces not counted,
# digits twice: numbers are rarer than words) occurs in a long post by chance.
# Three or fewer are in nearly every post ("and", "get"): such a clause rules
# out nothing and costs the scan a report at every occurrence.
_CHANCE_BY_LENGTH = (1.0, 1.0, 1.0, 1.0, 0.6, 0.3, 0.15, 0.08, 0.04)
_ALWAYS: Clauses = frozenset()
_EMPTY = frozenset({""})
_DIGIT = re.compile(r"\d")
_ODD_SPACE = re.compile(r"\s{2,}|[^\S ]")  # whitespace other than one space
# Digits to "0" and whitespace to " " (what \d and \s match in ASCII).
_ASCII_DIGITS_AND_SPACES = bytes(
    48 if 48 <= b <= 57 else 32 if b in b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f" else b for b in range(256)
)
_SPACES = re.compile(b"  +")
_SPACE_CATEGORIES = (sre.CATEGORY_SPACE, sre.CATEGORY_UNI_SPACE)
_DIGIT_CATEGORIES = (sre.CATEGORY_DIGIT, sre.CATEGORY_UNI_DIGIT)


def squeeze(text: str) -> str:
    """The text as literals are compared: letter runs, spaces and digits folded."""
    text = runs.scan(text).folded  # first, so the post's own scan is reused
    if text.isascii():  # one byte translation instead of two regex passes
        folded = text.encode("ascii").translate(_ASCII_DIGITS_AND_SPACES)
        return (_SPACES.sub(b" ", folded) if b"  " in folded else folded).decode("ascii")
    return _ODD_SPACE.sub(" ", _DIGIT.sub("0", text))


def required(pattern: str) -> Needs:
    """Clauses that hold in squeeze(text) whenever `pattern` matches in text.

    Only the few least likely to hold by chance are kept: each literal kept
    costs a little in every post, and one failed clause is enough."""
    info = _sequence(_parser.parse(pattern))
    clauses = info.clauses | _clause(info.exact) | _clause(info.prefixes) | _clause(info.suffixes)
    ranked = sorted((c for c in clauses if _chance(c) < 1.0), key=lambda c: (_chance(c), sorted(c)))
    # A second clause only helps if it is small: in the scan's tables, a large one
    # costs more than the rare regex search it saves.
    return tuple(ranked[:1] + [c for c in ranked[1:_KEPT] if len(c) <= _SECOND_LARGEST])


class _Info(NamedTuple):
    """What the analysis knows of a piece of pattern. A set holding "" says nothing."""

    exact: frozenset[str] | None  # all the strings it matches, if few
    prefixes: frozenset[str]  # every match starts with one of these
    suffixes: frozenset[str]  # ... and ends with one of these
    clauses: Clauses  # and contains one string of each clause


def _exactly(strings: frozenset[str]) -> _Info:
    return _Info(strings, strings, strings, _ALWAYS)


_UNKNOWN = _Info(None, _EMPTY, _EMPTY, _ALWAYS)


def _sequence(items) -> _Info:
    """Concatenate items: exact strings multiply while they are few; then what
    ends before a stretch of unknown text and what starts after it are required."""
    current = _EMPTY  # one of these ends here (while exact: all the text so far)
    prefixes: frozenset[str] | None = None  # one of these starts the text; set when inexact
    clauses: Clauses = _ALWAYS
    for op, av in items:
        info = _item(op, av)
        tails = info.exact if info.exact is not None else info.prefixes
        whole = len(current) * len(tails) <= _EXACT_LIMIT
        joined = _product(current if whole else _cut(current, len(tails)), tails)
        if info.exact is not None and prefixes is None and whole:
            current = joined
            continue
        if prefixes is None:
            prefixes = joined if whole else current
        clauses |= _clause(current) | _clause(joined) | info.clauses
        current = joined if info.exact is not None else info.suffixes
    if prefixes is None:
        return _exactly(current)
    return _Info(None, prefixes, current, clauses | _clause(current))


def _item(op, av) -> _Info:
    if op is sre.LITERAL:
        return _exactly(frozenset({chr(av)}))
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return _exactly(_EMPTY)  # zero-width: consumes no text
    if op is sre.IN:
        chars = _char_class(av)
        return _UNKNOWN if chars is None else _exactly(chars)
    if op is sre.SUBPATTERN:
        return _sequence(av[-1])
    if op is sre.ATOMIC_GROUP:
        return _sequence(av)
    if op is sre.BRANCH:
        return _branch([_sequence(alternative) for alternative in av[1]])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        return _repeat(*av)
    return _UNKNOWN  # any character, \w, a back-reference...


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
    return frozenset(chars)


def _branch(alternatives: list[_Info]) -> _Info:
    if all(alt.exact is not None for alt in alternatives):
        union = frozenset().union(*(alt.exact for alt in alternatives))
        if len(union) <= _EXACT_LIMIT:
            return _exactly(union)
    prefixes = frozenset().union(*(alt.prefixes for alt in alternatives))
    suffixes = frozenset().union(*(alt.suffixes for alt in alternatives))
    # Some alternative matched, so the strongest clause of one of them holds.
    either: set[str] = set()
    for alt in alternatives:
        own = alt.clauses | _clause(alt.exact) | _clause(alt.prefixes) | _clause(alt.suffixes)
        if not own:
            either = set()
            break
        either |= min(own, key=_chance)
    return _Info(
        None, _cut(prefixes, 1, ends=False), _cut(suffixes, 1), frozenset({_minimal(either)}) if either else _ALWAYS
    )


def _repeat(low: int, high: int, item) -> _Info:
    info = _sequence(item)
    if info.exact is not None and len(info.exact) == 1:
        (one,) = info.exact
        if len(one) == 1 and squeeze(one * 2) == one:  # "i+", "\s+": one char squeezed
            return _exactly(info.exact | _EMPTY if low == 0 else info.exact)
        if high <= 4:  # "\d{3,4}": "000" or "0000"
            return _exactly(frozenset(one * n for n in range(low, high + 1)))
    if low == 0:
        exact = info.exact | _EMPTY if info.exact is not None and high == 1 else None
        return _UNKNOWN if exact is None or len(exact) > _EXACT_LIMIT else _exactly(exact)
    return info._replace(exact=None)  # one or more: what one must have, they have


def _product(heads: frozenset[str], tails: frozenset[str]) -> frozenset[str]:
    return frozenset(head + tail for head in heads for tail in tails)


def _cut(strings: frozenset[str], times: int, ends: bool = True) -> frozenset[str]:
    """The strings' last (or first) few characters, as many as keep their number
    times `times` within the limit: the end of a required string is required."""
    for keep in (16, 8, 6, 4, 3, 2, 1, 0):
        if len(strings) * times <= _EXACT_LIMIT:
            return strings
        strings = frozenset(s[max(0, len(s) - keep) :] if ends else s[:keep] for s in strings)
    return strings


def _clause(strings: frozenset[str] | None) -> Clauses:
    """The clause "one of these strings occurs", if it says anything."""
    if strings is None:
        return _ALWAYS
    literals = {squeeze(s)[:_LONGEST] for s in strings}
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
        length = len(literal.replace(" ", "")) + literal.count("0")
        miss *= 1.0 - _CHANCE_BY_LENGTH[min(length, len(_CHANCE_BY_LENGTH) - 1)]
    return 1.0 - miss
