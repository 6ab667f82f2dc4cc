"""Running a file's compiled rules on a post, only where they can match.

Two cheap tests stand before any rule's regex runs:
1. its trigger words: a pattern is only tried in the sentences that contain
   one of the trigger words it spells (data files: triggers = [...]);
2. its literals (see literals.py): strings any match must contain. When a
   trigger word is present but none of its patterns' literals are (the
   "plan" of "my care plan"), its sentences are not searched at all.
Long posts mention many trigger words in passing, so the second test is what
keeps them cheap. Neither test changes what is found: a regex is skipped only
where it could not have matched.
"""

from __future__ import annotations

import re

from . import literals
from .context import finder
from .rules import Rule, canonical


class Ruleset:
    """The rules of one data file, grouped by trigger word.

    Each trigger word has one combined regex of the patterns it anchors, run
    on the sentences that contain the word. Rules without triggers run on
    the whole text.
    """

    def __init__(self, rules: tuple[Rule, ...], field: str = "view"):
        self.rules, self.field = rules, field
        self.owner: dict[str, Rule] = {}
        anchored: dict[str, list[tuple[str, literals.Clauses]]] = {}
        unanchored: list[tuple[str, literals.Clauses]] = []
        for rule in rules:
            for pattern in rule.patterns:
                name = f"p{len(self.owner)}"
                self.owner[name] = rule
                entry = (f"(?P<{name}>{pattern.regex.pattern})",
                         literals.required(pattern.regex.pattern))
                for word in pattern.anchors if rule.triggers else ():
                    anchored.setdefault(word, []).append(entry)
                if not rule.triggers:
                    unanchored.append(entry)
        self.by_word = {word: _combine(entries) for word, entries in anchored.items()}
        self.everywhere = _combine(unanchored) if unanchored else None
        literals.INDEX.add(
            literal for _, needs in [*self.by_word.values(), self.everywhere or (None, None)]
            for clauses in needs or () for clause in clauses for literal in clause)
        self.words = frozenset(w for w in anchored if w.isalpha())
        self.symbols = frozenset(anchored) - self.words
        self.ascii_symbols = frozenset(s for s in self.symbols if s.isascii())
        for word in anchored:
            finder(word)  # compiled now (at warm-up), not while a member waits
        # Stretched post words ("kiiill") are looked up by canonical form.
        self.stretched: dict[str, set[str]] = {}
        for word in self.words:
            self.stretched.setdefault(canonical(word), set()).add(word)

    def matches(self, post):
        """Yield (rule, start, end) for each match, once per rule and span."""
        text = getattr(post, self.field)
        seen: set[tuple[str, int, int]] = set()
        for regex, windows in self._searches(post, text):
            for s0, s1 in windows:
                for found in regex.finditer(text, s0, s1):
                    rule = self.owner[found.lastgroup]
                    key = (rule.id, *found.span())
                    if key not in seen:
                        seen.add(key)
                        yield (rule, *found.span())

    def _searches(self, post, text: str):
        """(combined regex, windows to run it on) for this post."""
        if self.everywhere is not None and self._possible(self.everywhere[1], post):
            yield self.everywhere[0], [(0, len(text))]
        hits = post.words & self.words
        symbols = self.ascii_symbols if text.isascii() else self.symbols
        if symbols or post.stretched_words:
            hits = set(hits)
            hits.update(s for s in symbols if s in text)
            for word in post.stretched_words:
                hits.update(self.stretched.get(word, ()))
        for word in sorted(hits):
            regex, needs = self.by_word[word]
            if self._possible(needs, post):
                yield regex, post.sentences_with(word)

    def _possible(self, needs: tuple[literals.Clauses, ...] | None, post) -> bool:
        """Whether the literals of at least one of the combined patterns occur."""
        return needs is None or literals.any_holds(needs, post.literals(self.field))


def _combine(entries: list[tuple[str, literals.Clauses]]) -> tuple[re.Pattern, tuple | None]:
    """One regex for several named patterns, and their literals (None: no test)."""
    regex = re.compile("|".join(source for source, _ in entries))
    needs = tuple(clauses for _, clauses in entries)
    return regex, (None if not all(needs) else needs)
