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
        for _, test in [*self.by_word.values(), self.everywhere or (None, None)]:
            literals.INDEX.add(test.literals if test else ())
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
        present = None  # the literals the post has, looked up when a test first needs them
        if self.everywhere is not None:
            regex, test = self.everywhere
            present = post.literals(self.field) if test else None
            if test is None or test.passes(present):
                yield regex, [(0, len(text))]
        hits = post.words & self.words
        symbols = self.ascii_symbols if text.isascii() else self.symbols
        if symbols or post.stretched_words:
            hits = set(hits)
            hits.update(s for s in symbols if s in text)
            for word in post.stretched_words:
                hits.update(self.stretched.get(word, ()))
        for word in sorted(hits):
            regex, test = self.by_word[word]
            if test is not None:
                present = post.literals(self.field) if present is None else present
                if not test.passes(present):
                    continue
            yield regex, post.sentences_with(word)


def _combine(entries: list[tuple[str, literals.Clauses]]
             ) -> tuple[re.Pattern, literals.Test | None]:
    """One regex for several named patterns, and the test of their literals
    (None when one of them has no literal to look for)."""
    regex = re.compile("|".join(source for source, _ in entries))
    needs = tuple(clauses for _, clauses in entries)
    return regex, (literals.Test(needs) if all(needs) else None)
