"""Running a file's compiled rules on a post, only where they can match.

Two cheap tests stand before any rule's regex runs:
1. its trigger words: a pattern is only tried in the sentences that contain
   one of the trigger words it spells (data files: triggers = [...]);
2. its literals (see literals.py): strings any match must contain. When a
   trigger word is present but none of its patterns' literals are (the
   "plan" of "my care plan"), its sentences are not searched at all.
Long posts mention many trigger words in passing, so the second test is what
keeps them cheap. When only one of a word's patterns passes it, that pattern
runs alone rather than the combined regex. None of this changes what is
found: a pattern is left out only where it could not have matched.
"""

from __future__ import annotations

import re

from . import index, literals
from .context import finder, needs
from .rules import Pattern, Rule, canonical
from .shortcuts import SHORTCUTS


class _Search:
    """The patterns one trigger word anchors (or those without triggers)."""

    __slots__ = ("_source", "_combined", "alone", "test")

    def __init__(self, source: str, alone: tuple[tuple[re.Pattern, Rule], ...], test: index.Test | None):
        self._source, self._combined = source, None
        self.alone = alone  # each of them on its own, with its rule
        self.test = test  # None when one has no literal to look for

    @property
    def combined(self) -> re.Pattern:
        """All of them, each a named group: compiled on first use, as most trigger
        words never need it (each pattern is compiled alone already at load)."""
        if self._combined is None:
            self._combined = re.compile(self._source)
        return self._combined


class Ruleset:
    """The rules of one data file, grouped by trigger word.

    Each trigger word has one combined regex of the patterns it anchors, run
    on the sentences that contain the word. Rules without triggers run on
    the whole text.
    """

    def __init__(self, rules: tuple[Rule, ...], field: str = "view"):
        self.rules, self.field = rules, field
        self.owner: dict[str, Rule] = {}
        anchored: dict[str, list[tuple[str, Pattern, Rule]]] = {}
        unanchored: list[tuple[str, Pattern, Rule]] = []
        for rule in rules:
            for pattern in rule.patterns:
                name = f"p{len(self.owner)}"
                self.owner[name] = rule
                for word in pattern.anchors if rule.triggers else ():
                    anchored.setdefault(word, []).append((name, pattern, rule))
                if not rule.triggers:
                    unanchored.append((name, pattern, rule))
        self.by_word = {word: _search(entries) for word, entries in anchored.items()}
        self.everywhere = _search(unanchored) if unanchored else None
        for search in [*self.by_word.values(), self.everywhere]:
            if search and search.test:
                SHORTCUTS.index.add_test(search.test)
        self.words = frozenset(w for w in anchored if w.isalpha())
        # Triggers that are not a word ("you're", emoji) are looked for in the
        # text, but only once the literal scan has seen them: a search through
        # the whole post for each would cost more.
        self.symbols = {literals.squeeze(s): s for s in frozenset(anchored) - self.words}
        SHORTCUTS.index.add(self.symbols)
        for word in anchored:
            finder(word)  # compiled now (at warm-up), not while a member waits
        for rule in rules:
            for guard in (rule.requires, rule.unless):
                if guard is not None:
                    needs(guard)  # analysed now too, and added to the literal scan
        # Stretched post words ("kiiill") are looked up by canonical form.
        self.stretched: dict[str, set[str]] = {}
        for word in self.words:
            self.stretched.setdefault(canonical(word), set()).add(word)

    def matches(self, post):
        """Yield (rule, start, end) for each match, once per rule and span."""
        text = getattr(post, self.field)
        seen: set[tuple[str, int, int]] = set()
        searches = self._searches if SHORTCUTS.enabled else self._all_searches
        for regex, windows, alone in searches(post, text):
            for s0, s1 in windows:
                for found in regex.finditer(text, s0, s1):
                    rule = alone or self.owner[found.lastgroup]
                    key = (rule.id, *found.span())
                    if key not in seen:
                        seen.add(key)
                        yield (rule, *found.span())

    def _searches(self, post, text: str):
        """(regex, windows to run it on, its rule if it is one pattern) for this post."""
        found = post.literals(self.field)
        if self.everywhere is not None:
            chosen = _choose(self.everywhere, found)
            if chosen:
                yield chosen[0], [(0, len(text))], chosen[1]
        hits = post.words & self.words
        symbols = [s for key, s in self.symbols.items() if key in found.literals and s in text]
        if symbols or post.stretched_words:
            hits = set(hits)
            hits.update(symbols)
            for word in post.stretched_words:
                hits.update(self.stretched.get(word, ()))
        first_looks = found.first_looks
        for word in sorted(hits):
            search = self.by_word[word]
            # Most trigger words of a long post fail the first look: checked here,
            # without a call, before _choose() looks at the patterns one by one.
            if search.test is not None and search.test not in first_looks:
                continue
            chosen = _choose(search, found)
            if chosen:
                yield chosen[0], post.sentences_with(word), chosen[1]

    def _all_searches(self, post, text: str):
        """_searches without the shortcuts: every trigger word present runs all its patterns."""
        if self.everywhere is not None:
            yield self.everywhere.combined, [(0, len(text))], None
        hits = set(post.words & self.words) | {s for s in self.symbols.values() if s in text}
        for word in post.stretched_words:
            hits.update(self.stretched.get(word, ()))
        for word in sorted(hits):
            yield self.by_word[word].combined, post.sentences_with(word), None


def _search(entries: list[tuple[str, Pattern, Rule]]) -> _Search:
    source = "|".join(f"(?P<{name}>{p.regex.pattern})" for name, p, _ in entries)
    needs = tuple(SHORTCUTS.required(p.regex.pattern) for _, p, _ in entries)
    return _Search(source, tuple((p.regex, rule) for _, p, rule in entries), index.Test(needs) if all(needs) else None)


def _choose(search: _Search, found: index.Found) -> tuple[re.Pattern, Rule | None] | None:
    """The regex to run given the post's literals, and its rule if it is a single
    pattern; None if none of the patterns can match."""
    test = search.test
    if test is None:
        return search.combined, None
    if test not in found.first_looks:
        return None
    passing = test.passing(found.literals)
    if len(passing) == 1:
        return search.alone[passing[0]]
    return (search.combined, None) if passing else None
