"""The literal scan: which rule literals a post contains, found in one pass.

Every rule file adds the literals its patterns need (see literals.py) to the
one index (shortcuts.SHORTCUTS.index), so a post is scanned once, by Aho-Corasick, whatever the rules.
The scan also says which trigger words' tests the literals found pass a
first look at: most trigger words of a long post are ruled out by that.
"""

from __future__ import annotations

from itertools import repeat
from operator import itemgetter
from typing import NamedTuple

import ahocorasick

from .literals import Needs


class Test:
    """Which of several patterns can match, given the literals found in a text.
    Built once per trigger word; run for each post that has the word."""

    __slots__ = ("first_look", "_alternatives")

    def __init__(self, alternatives: tuple[Needs, ...]):
        self._alternatives = alternatives
        # Each pattern needs a literal of each of its clauses, so of its first
        # (strongest) one too: most posts have none (see Index.scan).
        self.first_look = frozenset().union(*(needs[0] for needs in alternatives))

    @property
    def literals(self) -> set[str]:
        return {lit for clauses in self._alternatives for clause in clauses for lit in clause}

    def passing(self, present: set[str]) -> list[int]:
        """The positions of the patterns every clause of which has a literal
        present; only the first two, as two or more run combined anyway."""
        found = []
        for position, needs in enumerate(self._alternatives):  # plain loops: this runs often
            for clause in needs:
                if clause.isdisjoint(present):
                    break
            else:
                found.append(position)
                if len(found) == 2:
                    break
        return found


class Found(NamedTuple):
    """What the literal scan found in a text."""

    literals: set[str]  # the literals that occur in it
    first_looks: set[Test]  # the tests whose first look they pass


class Index:
    """Which of the literals added so far occur in a text, found in one pass,
    and which tests' first looks they pass: looking that up per literal found
    touches far less memory than checking each test's first look."""

    def __init__(self):
        self._literals: set[str] = set()
        self._tests_of: dict[str, set[Test]] = {}
        self._automaton = None
        self.version = 0  # changes whenever anything is added: results before are stale

    def add(self, literals) -> None:
        new = set(literals) - self._literals
        if new:
            self._literals |= new
            self._changed()

    def add_test(self, test: Test) -> None:
        self.add(test.literals)
        for literal in test.first_look:
            self._tests_of.setdefault(literal, set()).add(test)
        self._changed()

    def scan(self, squeezed: str) -> Found:
        if self._automaton is None:
            self._automaton = ahocorasick.Automaton()
            for literal in sorted(self._literals):  # neighbours in the trie, neighbours in memory
                self._automaton.add_word(literal, literal)
            self._automaton.make_automaton()
            self._frozen_tests_of = {lit: frozenset(tests) for lit, tests in self._tests_of.items()}
        found = set(map(_VALUE, self._automaton.iter(squeezed)))
        return Found(found, set().union(*map(self._frozen_tests_of.get, found, repeat(_NO_TESTS))))

    def _changed(self) -> None:
        self._automaton = None
        self.version += 1


_VALUE = itemgetter(1)  # iter() yields (end, literal)
_NO_TESTS: frozenset[Test] = frozenset()
