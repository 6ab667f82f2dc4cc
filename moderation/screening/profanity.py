"""Profanity: strong words, slurs and harassment (LABEL_POLICY.md §4).

Words come from better-profanity 0.7.0's list, fitted to our policy
(data/profanity_strong.txt, data/profanity_slurs.txt; the headers say what
was removed and why). Lookup is a set of whole tokens, so substrings of
innocent words never match and a post costs one pass over its tokens.
Harassment and context-dependent words are rules in data/profanity.toml.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from . import normalize, rules
from .context import Post
from .rules import compile_rules, load_toml, load_words
from .ruleset import Ruleset
from .verdict import Match

LABEL = "profanity"
_TOKEN = re.compile(r"[a-z][a-z*]*")
_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz*")
_STRETCHED = re.compile(r"([a-z])\1\1+")
_STRETCHED_TOKEN = re.compile(r"[a-z]*([a-z])\1\1[a-z*]*")
_WHOLE_WORD = re.compile(r"(?<![^ ])[a-z]+(?![^ ])")  # a phrase word between spaces or ends


class _Lexicon(NamedTuple):
    kinds: dict[str, str]  # list word -> "strong" | "slur"
    words: frozenset[str]  # the same words, as a set to intersect with a post's
    phrases: re.Pattern | None  # the multi-word entries
    phrase_words: frozenset[str] | None  # one word of each, all whole words (None: always try)
    by_length: dict[int, list[str]]  # strong words by length, for "f*ck"


@cache
def _lexicon() -> _Lexicon:
    kinds = {w: "strong" for w in load_words("profanity_strong.txt")}
    kinds.update({w: "slur" for w in load_words("profanity_slurs.txt")})
    phrases = sorted((w for w in kinds if " " in w), key=len, reverse=True)
    phrase_re = re.compile(r"\b(?:" + "|".join(map(re.escape, phrases)) + r")\b") if phrases else None
    # A phrase only matches where each of its words is a word of the post (\b at
    # its ends, spaces inside), so the phrase regex need not run without them.
    words = [max(reversed(_WHOLE_WORD.findall(p)), key=len, default=None) for p in phrases]
    by_length: dict[int, list[str]] = {}
    for word in kinds:
        by_length.setdefault(len(word), []).append(word)
    return _Lexicon(kinds, frozenset(kinds), phrase_re, None if None in words else frozenset(words), by_length)


@cache
def _rules() -> tuple[Ruleset, dict[str, re.Pattern]]:
    data = load_toml("profanity.toml")
    compiled = compile_rules(data["rule"], data["fragments"], rules.PROFANITY, stretchy=True)
    exceptions = {e["word"]: re.compile(e["pattern"]) for e in data.get("exception", ())}
    return Ruleset(compiled), exceptions


def words() -> frozenset[str]:
    """The words of a post that these rules and word lists look for."""
    lexicon = _lexicon()
    return _rules()[0].words | lexicon.words | (lexicon.phrase_words or frozenset())


def find(post: Post) -> list[Match]:
    return _word_matches(post) + _rule_matches(post)


def _word_matches(post: Post) -> list[Match]:
    kinds, _, phrase_re, phrase_words, _ = _lexicon()
    view, matches = post.view, []
    spelled = _spelled_words(post)
    for start, token in _whole_tokens(view, spelled):
        word = spelled[token]
        if _excepted(view, word, start, start + len(token)):
            continue
        end = normalize.spaced_run_end(post.text, start) or start + len(token)
        matches.append(Match(LABEL, f"profanity.{kinds[word]}-word", kinds[word], start, end, post.text[start:end]))
    if phrase_words is not None and phrase_words.isdisjoint(post.words):
        phrase_re = None
    for found in phrase_re.finditer(view) if phrase_re else ():
        kind = kinds[found.group()]
        matches.append(
            Match(LABEL, f"profanity.{kind}-word", kind, *found.span(), post.text[found.start() : found.end()])
        )
    return matches


def _whole_tokens(view: str, tokens) -> list[tuple[int, str]]:
    """(start, token) wherever one of `tokens` is a whole _TOKEN match of the view:
    what filtering _TOKEN.finditer(view) gives, without visiting every word."""
    found = []
    for token in tokens:
        start = view.find(token)
        while start != -1:
            end = start + len(token)
            if _starts_token(view, start) and not (end < len(view) and view[end] in _TOKEN_CHARS):
                found.append((start, token))
            start = view.find(token, start + 1)
    return sorted(found)


def _starts_token(view: str, start: int) -> bool:
    """Whether a _TOKEN match begins at `start` (a letter): no letter before it
    but for asterisks, which a token never begins with."""
    before = start - 1
    while before >= 0 and view[before] == "*":
        before -= 1
    return before < 0 or not "a" <= view[before] <= "z"


def _spelled_words(post: Post) -> dict[str, str]:
    """Tokens of the view that spell a list word: token -> list word.

    Set intersection finds plain hits in one step; only tokens with stretched
    letters ("fuuuck") or asterisks ("f*ck") need a closer look.
    """
    view = post.view
    found = {t: t for t in post.words & _lexicon().words}
    odd = [t for t in set(_TOKEN.findall(view)) if "*" in t] if "*" in view else []
    odd += [m.group() for m in _STRETCHED_TOKEN.finditer(view)] if post.stretched_words else []
    for token in odd:
        word = _lookup(token)
        if word:
            found[token] = word
    return found


def _lookup(token: str) -> str | None:
    """The list word a token spells, allowing stretched letters and * wildcards."""
    kinds, by_length = _lexicon().kinds, _lexicon().by_length
    if _STRETCHED.search(token):
        for shorter in (_STRETCHED.sub(r"\1\1", token), _STRETCHED.sub(r"\1", token)):
            if shorter in kinds:
                return shorter
    if "*" in token.strip("*") or (token.endswith("*") and len(token.rstrip("*")) <= 2):
        shape = re.compile(re.escape(token).replace(r"\*", "[a-z]"))
        return next((w for w in by_length.get(len(token), ()) if kinds[w] == "strong" and shape.fullmatch(w)), None)
    return None


def _excepted(view: str, word: str, start: int, end: int) -> bool:
    pattern = _rules()[1].get(word)
    return bool(pattern and pattern.search(view, max(0, start - 12), min(len(view), end + 12)))


def _rule_matches(post: Post) -> list[Match]:
    return [
        Match(LABEL, rule.id, rule.kind, start, end, post.text[start:end])
        for rule, start, end in _rules()[0].matches(post)
        if start < end and post.accepts(rule, start, end)
    ]


def mask_profanity(text: str, verdict) -> str:
    """Replace each strong-profanity span with asterisks of the same length."""
    chars = list(text)
    for match in verdict.matches:
        if match.label == LABEL and match.kind == "strong":
            chars[match.start : match.end] = "*" * (match.end - match.start)
    return "".join(chars)
